//! Benchmarks that print figures: each module runs one and returns what it measured; [`table`]
//! puts the headline figures of both in one table.
//!
//! # Layout
//! - [`sync`]: screenshots synced into the sandbox at injected latency.
//! - [`translate`]: the caption fixtures translated into every locale, pseudo and fake OpenAI.

pub mod sync;
pub mod translate;

use sync::SyncFigures;
use translate::TranslateFigures;

/// The process's peak resident memory (VmHWM) in KiB, where `/proc` tells it (Linux).
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// One Markdown table of the headline figures; `peak_rss_kib` is the whole process's, taken
/// after both benchmarks ran.
pub fn table(
    sync: &SyncFigures,
    translate: &TranslateFigures,
    peak_rss_kib: Option<u64>,
) -> String {
    let n = sync.screenshots;
    let locales = translate.translated_locales;
    let per_locale = |requests: u32| requests as f64 / locales as f64;
    let peak = peak_rss_kib.map_or_else(
        || "unknown (no /proc/self/status)".to_owned(),
        |kib| {
            format!(
                "{} MiB (both benchmarks; the sandbox holds every upload)",
                kib / 1024
            )
        },
    );
    let rows = [
        (
            "sync wall time".to_owned(),
            format!(
                "{:.2} s ({n} screenshots, {} ms latency, {} uploads in flight)",
                sync.wall.as_secs_f64(),
                sync.lower_bound.latency.as_millis(),
                sync.lower_bound.uploads_in_flight
            ),
        ),
        (
            "sync lower bound".to_owned(),
            format!(
                "{:.2} s = {}",
                sync.lower_bound.total().as_secs_f64(),
                sync.lower_bound.formula(n)
            ),
        ),
        (
            "ASC API requests per uploaded screenshot".to_owned(),
            format!(
                "{:.2} ({} API requests, {n} screenshots, {} sets; plus {} upload PUTs)",
                sync.api_requests_per_screenshot(),
                sync.api_requests,
                sync.sets,
                sync.upload_requests
            ),
        ),
        (
            "API requests of the unchanged re-run".to_owned(),
            format!(
                "{} ({} uploaded, {} kept)",
                sync.rerun_api_requests, sync.rerun_uploaded, sync.rerun_kept
            ),
        ),
        ("peak memory (VmHWM of the process)".to_owned(), peak),
        (
            "normalization per screenshot, opaque".to_owned(),
            format!(
                "{:.1} ms generated PNG (checks, MD5; bytes kept); {:.1} ms real RGB 1290×2796",
                sync.normalize_opaque.as_secs_f64() * 1000.0,
                sync.normalize_real_rgb.ms()
            ),
        ),
        (
            "normalization per screenshot, RGBA re-encoded".to_owned(),
            format!(
                "{:.1} ms real RGBA 1290×2796 (alpha dropped); {:.1} ms RGBA 1320×2868 with transparency (flattened)",
                sync.normalize_real_rgba.ms(),
                sync.normalize_transparent.ms()
            ),
        ),
        (
            "translation provider requests per locale, first run".to_owned(),
            format!(
                "pseudo {:.2} ({}/{locales}); fake OpenAI {:.2} ({}/{locales}, server saw {}); {locales} locales besides the source",
                per_locale(translate.pseudo_first.requests),
                translate.pseudo_first.requests,
                per_locale(translate.openai_first.requests),
                translate.openai_first.requests,
                translate.openai_server_first
            ),
        ),
        (
            "translation re-run cost".to_owned(),
            format!(
                "pseudo {} requests, {} memory hits; fake OpenAI {} requests (server saw {}), {} memory hits",
                translate.pseudo_rerun.requests,
                translate.pseudo_rerun.memory_hits,
                translate.openai_rerun.requests,
                translate.openai_server_rerun,
                translate.openai_rerun.memory_hits
            ),
        ),
    ];
    markdown(("figure", "value"), &rows)
}

/// A two-column Markdown table, cells padded so it also reads as plain text.
fn markdown(header: (&str, &str), rows: &[(String, String)]) -> String {
    let width = |s: &str| s.chars().count();
    let first = rows
        .iter()
        .map(|(f, _)| width(f))
        .chain([width(header.0)])
        .max()
        .unwrap_or(0);
    let second = rows
        .iter()
        .map(|(_, v)| width(v))
        .chain([width(header.1)])
        .max()
        .unwrap_or(0);
    let line = |a: &str, b: &str| format!("| {a:<first$} | {b:<second$} |\n");
    let mut out = line(header.0, header.1);
    out.push_str(&format!(
        "|{}|{}|\n",
        "-".repeat(first + 2),
        "-".repeat(second + 2)
    ));
    for (figure, value) in rows {
        out.push_str(&line(figure, value));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::markdown;

    #[test]
    fn markdown_pads_every_cell_to_its_column() {
        let rows = [
            ("wall time".to_owned(), "2.9 s".to_owned()),
            ("re-run".to_owned(), "4 × ⌈1⌉".to_owned()),
        ];
        let table = markdown(("figure", "value"), &rows);
        assert_eq!(
            table,
            "| figure    | value   |\n\
             |-----------|---------|\n\
             | wall time | 2.9 s   |\n\
             | re-run    | 4 × ⌈1⌉ |\n"
        );
    }
}
