//! fastlane's screenshot layout on disk, `DIR/<locale>/<files>`: checked completely before
//! anything is sent (every problem listed at once), then fed to a run one file at a time.
//!
//! Rules (fastlane `deliver`'s): locale folders by name (aliases such as `en_US` accepted),
//! `.png`/`.jpg`/`.jpeg` in any case, natural file-name order, and if a folder holds any
//! `*_framed.*` file, only those. The display type comes from each file's pixel size (the
//! explicit one wins where it accepts the size), so one folder can feed iPhone and iPad sets.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use bytes::Bytes;
use shotbridge_shared::wire::PlannedScreenshot;
use shotbridge_shared::{DisplayType, Locale};
use tokio::sync::mpsc;

use crate::images::{self, Md5, NormalizedScreenshot};

use super::input::{IncomingScreenshot, ScreenshotKey, SetKey};

/// Folders fastlane keeps beside the locale folders that hold no App Store screenshots.
const SKIPPED_FOLDERS: &[&str] = &["android", "fonts"];

/// One screenshot file, checked, with its place in the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalScreenshot {
    pub path: PathBuf,
    pub planned: PlannedScreenshot,
    pub header: images::ImageHeader,
}

/// Something wrong with the folder, named by its path below the folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderProblem {
    pub path: String,
    pub message: String,
}

impl fmt::Display for FolderProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Checks every file of the folder (reading one at a time) and plans its screenshots.
pub fn scan(
    dir: &Path,
    explicit: Option<DisplayType>,
) -> Result<Vec<LocalScreenshot>, Vec<FolderProblem>> {
    let mut problems = Vec::new();
    let problem = |path: &Path, message: String| FolderProblem {
        path: path.strip_prefix(dir).unwrap_or(path).display().to_string(),
        message,
    };
    let entries = match sorted_entries(dir) {
        Ok(entries) => entries,
        Err(error) => {
            let message = format!("cannot read the folder: {error}");
            return Err(vec![FolderProblem {
                path: dir.display().to_string(),
                message,
            }]);
        }
    };
    let mut locales: BTreeMap<Locale, PathBuf> = BTreeMap::new();
    let mut shots = Vec::new();
    for folder in entries.into_iter().filter(|p| p.is_dir()) {
        let name = file_name(&folder);
        if name.starts_with('.') || SKIPPED_FOLDERS.contains(&name.to_ascii_lowercase().as_str()) {
            continue;
        }
        if let Some(message) = unsupported_folder(&name) {
            problems.push(problem(&folder, message.to_owned()));
            continue;
        }
        let locale = match Locale::parse(&name) {
            Ok(locale) => locale,
            Err(error) => {
                problems.push(problem(&folder, error.to_string()));
                continue;
            }
        };
        if let Some(other) = locales.insert(locale, folder.clone()) {
            let message = format!(
                "both this and \"{}\" are {locale}; keep one",
                file_name(&other)
            );
            problems.push(problem(&folder, message));
            continue;
        }
        match scan_locale(&folder, locale, explicit) {
            Ok(found) => shots.extend(found),
            Err(found) => problems.extend(found.into_iter().map(|(p, m)| problem(&p, m))),
        }
    }
    if shots.is_empty() && problems.is_empty() {
        let message = "no screenshots found: expected <locale>/<name>.png|jpg folders, such as \
                       en-US/01.png"
            .to_owned();
        problems.push(FolderProblem {
            path: dir.display().to_string(),
            message,
        });
    }
    if problems.is_empty() {
        Ok(shots)
    } else {
        Err(problems)
    }
}

type Problems = Vec<(PathBuf, String)>;

/// fastlane's special folders that Shotbridge does not read yet.
// TODO: `default` (screenshots for every locale without its own) and the nested `iMessage` /
// `appleTV` layouts; they need a plan per locale derived from the folder, not yet written.
fn unsupported_folder(name: &str) -> Option<&'static str> {
    match name.to_ascii_lowercase().as_str() {
        "default" => Some(
            "fastlane's `default` folder is not supported yet; copy its screenshots into each \
             locale's folder",
        ),
        "imessage" | "appletv" => Some(
            "iMessage and Apple TV screenshot folders are not supported yet; upload them \
             separately, one locale folder per locale",
        ),
        _ => None,
    }
}

/// frameit writes `X_framed.png` beside `X.png`; like fastlane, only the framed one is uploaded.
/// An unframed file without a framed twin is kept.
fn without_framed_twins(files: Vec<PathBuf>) -> Vec<PathBuf> {
    let stem = |p: &PathBuf| {
        let name = file_name(p).to_ascii_lowercase();
        name.rsplit_once('.')
            .map_or(name.clone(), |(stem, _)| stem.to_owned())
    };
    let framed: Vec<String> = files
        .iter()
        .filter_map(|p| stem(p).strip_suffix("_framed").map(str::to_owned))
        .collect();
    files
        .into_iter()
        .filter(|p| {
            let twin = framed.contains(&stem(p));
            if twin {
                tracing::info!(file = %p.display(), "left out: its framed copy is uploaded instead");
            }
            !twin
        })
        .collect()
}

fn scan_locale(
    folder: &Path,
    locale: Locale,
    explicit: Option<DisplayType>,
) -> Result<Vec<LocalScreenshot>, Problems> {
    let files: Vec<PathBuf> = sorted_entries(folder)
        .map_err(|e| vec![(folder.to_path_buf(), format!("cannot read the folder: {e}"))])?
        .into_iter()
        .filter(|p| p.is_file() && is_screenshot_name(&file_name(p)))
        .collect();
    let files = without_framed_twins(files);

    let mut problems = Vec::new();
    let mut by_set: BTreeMap<DisplayType, Vec<(PathBuf, images::ImageHeader)>> = BTreeMap::new();
    for path in files {
        // One file in memory at a time, dropped once its header is read.
        let checked = std::fs::read(&path)
            .map_err(|e| format!("cannot read the file: {e}"))
            .and_then(|bytes| images::inspect(&bytes).map_err(|e| e.to_string()))
            .and_then(|header| {
                images::resolve_display_type(
                    header.size,
                    explicit.filter(|t| t.accepts(header.size)),
                )
                .map(|t| (t, header))
                .map_err(|e| format!("{e} (use --display-type)"))
            });
        match checked {
            Ok((display_type, header)) => {
                by_set.entry(display_type).or_default().push((path, header))
            }
            Err(message) => problems.push((path, message)),
        }
    }
    let mut shots = Vec::new();
    for (display_type, files) in by_set {
        if files.len() > 10 {
            let message = format!(
                "{} {display_type} screenshots, but a set holds at most 10",
                files.len()
            );
            problems.push((folder.to_path_buf(), message));
            continue;
        }
        for ((path, header), position) in files.into_iter().zip(1u8..) {
            let planned = PlannedScreenshot {
                locale,
                display_type,
                position,
                file_name: file_name(&path),
            };
            shots.push(LocalScreenshot {
                path,
                planned,
                header,
            });
        }
    }
    if problems.is_empty() {
        Ok(shots)
    } else {
        Err(problems)
    }
}

fn is_screenshot_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    !lower.starts_with('.')
        && [".png", ".jpg", ".jpeg"]
            .iter()
            .any(|ext| lower.ends_with(ext))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A folder's entries in natural order (`2.png` before `10.png`).
fn sorted_entries(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort_by(|a, b| natord::compare(&file_name(a), &file_name(b)));
    Ok(entries)
}

/// The planned screenshots of checked files.
pub fn plan(shots: &[LocalScreenshot]) -> Vec<PlannedScreenshot> {
    shots.iter().map(|s| s.planned.clone()).collect()
}

/// Reads and normalizes one file (off the async threads).
pub async fn load(shot: &LocalScreenshot) -> Result<NormalizedScreenshot, FolderProblem> {
    let path = shot.path.clone();
    let display_type = shot.planned.display_type;
    let loaded = tokio::task::spawn_blocking(move || {
        let bytes = std::fs::read(&path).map_err(|e| format!("cannot read the file: {e}"))?;
        images::normalize(Bytes::from(bytes), Some(display_type)).map_err(|e| e.to_string())
    })
    .await
    .unwrap_or_else(|e| Err(format!("normalizing stopped: {e}")));
    loaded.map_err(|message| FolderProblem {
        path: shot.path.display().to_string(),
        message,
    })
}

/// Feeds the files to a run, one at a time, in plan order (set by set, so each set can start
/// while the next is read). Stops when the run stops listening. A file that cannot be loaded is
/// returned; its set then never completes and is left unchanged.
pub async fn feed(
    shots: Vec<LocalScreenshot>,
    images: mpsc::Sender<IncomingScreenshot>,
) -> Vec<FolderProblem> {
    let mut problems = Vec::new();
    for shot in shots {
        match load(&shot).await {
            Ok(image) => {
                let key = ScreenshotKey::of(&shot.planned);
                if images
                    .send(IncomingScreenshot { key, image })
                    .await
                    .is_err()
                {
                    break;
                }
            }
            Err(problem) => problems.push(problem),
        }
    }
    problems
}

/// The checksums of the bytes each file would send (for a dry run), one file at a time.
pub async fn checksums(
    shots: &[LocalScreenshot],
) -> Result<BTreeMap<ScreenshotKey, Md5>, Vec<FolderProblem>> {
    let mut md5s = BTreeMap::new();
    let mut problems = Vec::new();
    for shot in shots {
        match load(shot).await {
            Ok(image) => {
                md5s.insert(ScreenshotKey::of(&shot.planned), image.md5);
            }
            Err(problem) => problems.push(problem),
        }
    }
    if problems.is_empty() {
        Ok(md5s)
    } else {
        Err(problems)
    }
}

/// The sets the files go to, with their counts (for messages).
pub fn sets(shots: &[LocalScreenshot]) -> BTreeMap<SetKey, usize> {
    let mut sets = BTreeMap::new();
    for shot in shots {
        let key = SetKey {
            locale: shot.planned.locale,
            display_type: shot.planned.display_type,
        };
        *sets.entry(key).or_default() += 1;
    }
    sets
}
