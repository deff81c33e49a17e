//! Checks an upload plan's shape before anything is sent: an app named one way, no duplicate
//! slots, at most 10 screenshots per set, positions 1..=10 without gaps. (Locales and display
//! types are parsed by their wire types; the version's editability needs App Store Connect and is
//! checked when the plan is prepared.)

use std::collections::{BTreeMap, BTreeSet};

use serde_json::json;
use shotbridge_shared::wire::UploadPlan;
use shotbridge_shared::{DisplayType, Locale};

use crate::bridge::error::ApiError;

/// Most screenshots App Store Connect keeps in one set.
pub const MAX_PER_SET: usize = 10;

/// One body the upload waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slot {
    pub locale: Locale,
    pub display_type: DisplayType,
    pub position: u8,
}

impl std::fmt::Display for Slot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}/{}/{}",
            self.locale.code(),
            self.display_type,
            self.position
        )
    }
}

fn invalid(message: String, problems: &[String]) -> ApiError {
    ApiError::InvalidPlan {
        message,
        details: Some(json!({ "problems": problems })),
    }
}

/// The plan's slots, or every problem found in it at once.
pub fn check(plan: &UploadPlan) -> Result<BTreeSet<Slot>, ApiError> {
    let mut problems = Vec::new();
    match (&plan.app_id, &plan.bundle_id) {
        (Some(_), Some(_)) => problems.push("give appId or bundleId, not both".to_owned()),
        (None, None) => problems.push("name the app with appId or bundleId".to_owned()),
        (Some(id), None) | (None, Some(id)) if id.trim().is_empty() => {
            problems.push("the app id or bundle id is empty".to_owned());
        }
        _ => {}
    }
    if let Some(platform) = &plan.platform
        && !matches!(platform.as_str(), "IOS" | "MAC_OS" | "TV_OS" | "VISION_OS")
    {
        problems.push(format!(
            "platform \"{platform}\" is not IOS, MAC_OS, TV_OS or VISION_OS"
        ));
    }
    if plan.screenshots.is_empty() {
        problems.push("the plan has no screenshots".to_owned());
    }
    let mut slots = BTreeSet::new();
    let mut sets: BTreeMap<(Locale, DisplayType), BTreeSet<u8>> = BTreeMap::new();
    for shot in &plan.screenshots {
        let slot = Slot {
            locale: shot.locale,
            display_type: shot.display_type,
            position: shot.position,
        };
        if shot.file_name.trim().is_empty() {
            problems.push(format!("{slot}: the file name is empty"));
        }
        if !(1..=MAX_PER_SET as u8).contains(&shot.position) {
            problems.push(format!("{slot}: positions go from 1 to {MAX_PER_SET}"));
            continue;
        }
        if !slots.insert(slot) {
            problems.push(format!("{slot}: the position is planned twice"));
        }
        sets.entry((shot.locale, shot.display_type))
            .or_default()
            .insert(shot.position);
    }
    for ((locale, display_type), positions) in &sets {
        let count = positions.len();
        if count > MAX_PER_SET {
            problems.push(format!(
                "{}/{display_type}: {count} screenshots, but a set holds at most {MAX_PER_SET}",
                locale.code()
            ));
        }
        let expected: BTreeSet<u8> = (1..=count as u8).collect();
        if *positions != expected {
            let missing: Vec<String> = expected
                .difference(positions)
                .map(ToString::to_string)
                .collect();
            problems.push(format!(
                "{}/{display_type}: positions must run 1..{count} without gaps (missing {})",
                locale.code(),
                missing.join(", ")
            ));
        }
    }
    if problems.is_empty() {
        Ok(slots)
    } else {
        let message = format!(
            "The upload plan cannot be used: {}{}",
            problems[0],
            if problems.len() > 1 {
                format!(" (and {} more)", problems.len() - 1)
            } else {
                String::new()
            }
        );
        Err(invalid(message, &problems))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use shotbridge_shared::wire::PlannedScreenshot;

    use super::*;

    fn plan(positions: &[u8]) -> UploadPlan {
        UploadPlan {
            app_id: Some("1".to_owned()),
            bundle_id: None,
            platform: None,
            version: None,
            mode: None,
            screenshots: positions
                .iter()
                .map(|&position| PlannedScreenshot {
                    locale: Locale::parse("de-DE").unwrap(),
                    display_type: DisplayType::APP_IPHONE_67,
                    position,
                    file_name: format!("{position}.png"),
                })
                .collect(),
        }
    }

    fn problems(err: ApiError) -> Vec<String> {
        let ApiError::InvalidPlan {
            details: Some(details),
            ..
        } = err
        else {
            panic!("{err}")
        };
        serde_json::from_value(details["problems"].clone()).unwrap()
    }

    #[test]
    fn a_full_set_in_any_order_passes() {
        let slots = check(&plan(&[3, 1, 2])).unwrap();
        assert_eq!(slots.len(), 3);
    }

    #[test]
    fn gaps_duplicates_and_out_of_range_positions_are_named() {
        assert!(problems(check(&plan(&[1, 3])).unwrap_err())[0].contains("missing 2"));
        assert!(problems(check(&plan(&[1, 1])).unwrap_err())[0].contains("planned twice"));
        assert!(problems(check(&plan(&[0])).unwrap_err())[0].contains("from 1 to 10"));
        assert!(problems(check(&plan(&[11])).unwrap_err())[0].contains("from 1 to 10"));
    }

    #[test]
    fn the_app_must_be_named_exactly_once() {
        let mut both = plan(&[1]);
        both.bundle_id = Some("com.example".to_owned());
        assert!(problems(check(&both).unwrap_err())[0].contains("not both"));
        let mut neither = plan(&[1]);
        neither.app_id = None;
        assert!(problems(check(&neither).unwrap_err())[0].contains("appId or bundleId"));
        let mut empty = plan(&[]);
        empty.app_id = None;
        assert_eq!(problems(check(&empty).unwrap_err()).len(), 2);
    }
}
