//! Screenshot display types (`screenshotDisplayType`) and the exact pixel sizes ASC accepts for
//! each, portrait and landscape; lookup by size reports ambiguity instead of guessing.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A value of ASC's `ScreenshotDisplayType` enum. The suffixes are Apple's legacy names:
/// `APP_IPHONE_67` is the 6.9" slot, `APP_IPAD_PRO_3GEN_129` the 13" iPad.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    ts_rs::TS,
    utoipa::ToSchema,
)]
#[allow(non_camel_case_types, clippy::upper_case_acronyms)]
pub enum DisplayType {
    APP_IPHONE_67,
    APP_IPHONE_65,
    APP_IPHONE_61,
    APP_IPHONE_58,
    APP_IPHONE_55,
    APP_IPHONE_47,
    APP_IPHONE_40,
    APP_IPHONE_35,
    APP_IPAD_PRO_3GEN_129,
    APP_IPAD_PRO_3GEN_11,
    APP_IPAD_PRO_129,
    APP_IPAD_105,
    APP_IPAD_97,
    APP_DESKTOP,
    APP_WATCH_ULTRA,
    APP_WATCH_SERIES_10,
    APP_WATCH_SERIES_7,
    APP_WATCH_SERIES_4,
    APP_WATCH_SERIES_3,
    APP_APPLE_TV,
    APP_APPLE_VISION_PRO,
    IMESSAGE_APP_IPHONE_67,
    IMESSAGE_APP_IPHONE_61,
    IMESSAGE_APP_IPHONE_65,
    IMESSAGE_APP_IPHONE_58,
    IMESSAGE_APP_IPHONE_55,
    IMESSAGE_APP_IPHONE_47,
    IMESSAGE_APP_IPHONE_40,
    IMESSAGE_APP_IPAD_PRO_3GEN_129,
    IMESSAGE_APP_IPAD_PRO_3GEN_11,
    IMESSAGE_APP_IPAD_PRO_129,
    IMESSAGE_APP_IPAD_105,
    IMESSAGE_APP_IPAD_97,
}

use DisplayType::*;

/// Pixel size, width × height.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema,
)]
pub struct PixelSize {
    pub width: u32,
    pub height: u32,
}

impl PixelSize {
    pub const fn new(width: u32, height: u32) -> Self {
        Self { width, height }
    }
    pub const fn transposed(self) -> Self {
        Self {
            width: self.height,
            height: self.width,
        }
    }
}

impl fmt::Display for PixelSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}×{}", self.width, self.height)
    }
}

const fn px(width: u32, height: u32) -> PixelSize {
    PixelSize::new(width, height)
}

/// How a display type's sizes turn: both ways (portrait sizes listed, landscape is the
/// transpose), or only the listed sizes as they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Orientation {
    Both,
    AsListed,
}

/// (display type, sizes, orientation), from research/asc-api.md §6.2 (fastlane's
/// `DEVICE_RESOLUTIONS`, cross-checked with Apple's spec page).
const TABLE: &[(DisplayType, &[PixelSize], Orientation)] = &[
    (
        APP_IPHONE_67,
        &[px(1260, 2736), px(1290, 2796), px(1320, 2868)],
        Orientation::Both,
    ),
    (
        APP_IPHONE_65,
        &[px(1242, 2688), px(1284, 2778)],
        Orientation::Both,
    ),
    (
        APP_IPHONE_61,
        &[px(1179, 2556), px(1206, 2622)],
        Orientation::Both,
    ),
    (
        APP_IPHONE_58,
        &[px(1170, 2532), px(1125, 2436), px(1080, 2340)],
        Orientation::Both,
    ),
    (APP_IPHONE_55, &[px(1242, 2208)], Orientation::Both),
    (APP_IPHONE_47, &[px(750, 1334)], Orientation::Both),
    (
        APP_IPHONE_40,
        &[px(640, 1096), px(640, 1136), px(1136, 600), px(1136, 640)],
        Orientation::AsListed,
    ),
    (
        APP_IPHONE_35,
        &[px(640, 920), px(640, 960), px(960, 600), px(960, 640)],
        Orientation::AsListed,
    ),
    (
        APP_IPAD_PRO_3GEN_129,
        &[px(2064, 2752), px(2048, 2732)],
        Orientation::Both,
    ),
    (APP_IPAD_PRO_129, &[px(2048, 2732)], Orientation::Both),
    (
        APP_IPAD_PRO_3GEN_11,
        &[
            px(1488, 2266),
            px(1668, 2420),
            px(1668, 2388),
            px(1640, 2360),
        ],
        Orientation::Both,
    ),
    (APP_IPAD_105, &[px(1668, 2224)], Orientation::Both),
    (
        APP_IPAD_97,
        &[
            px(1536, 2008),
            px(1536, 2048),
            px(768, 1004),
            px(768, 1024),
            px(2048, 1496),
            px(2048, 1536),
            px(1024, 748),
            px(1024, 768),
        ],
        Orientation::AsListed,
    ),
    (
        APP_DESKTOP,
        &[px(1280, 800), px(1440, 900), px(2560, 1600), px(2880, 1800)],
        Orientation::AsListed,
    ),
    (
        APP_APPLE_TV,
        &[px(1920, 1080), px(3840, 2160)],
        Orientation::AsListed,
    ),
    (
        APP_APPLE_VISION_PRO,
        &[px(3840, 2160)],
        Orientation::AsListed,
    ),
    (
        APP_WATCH_ULTRA,
        &[px(410, 502), px(422, 514)],
        Orientation::AsListed,
    ),
    (APP_WATCH_SERIES_10, &[px(416, 496)], Orientation::AsListed),
    (APP_WATCH_SERIES_7, &[px(396, 484)], Orientation::AsListed),
    (APP_WATCH_SERIES_4, &[px(368, 448)], Orientation::AsListed),
    (APP_WATCH_SERIES_3, &[px(312, 390)], Orientation::AsListed),
];

/// Why a pixel size does not name one display type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SizeError {
    #[error(
        "{size} fits both {} and {}; say which display type you mean",
        options[0], options[1]
    )]
    Ambiguous {
        size: PixelSize,
        options: Vec<DisplayType>,
    },
    #[error(
        "{size} is not a screenshot size App Store Connect accepts; the nearest accepted sizes are {}",
        nearest.iter().map(|(t, s)| format!("{s} ({t})")).collect::<Vec<_>>().join(", ")
    )]
    Unknown {
        size: PixelSize,
        nearest: Vec<(DisplayType, PixelSize)>,
    },
}

impl DisplayType {
    /// Every display type, in the order of Apple's enum.
    pub const ALL: [DisplayType; 33] = [
        APP_IPHONE_67,
        APP_IPHONE_61,
        APP_IPHONE_65,
        APP_IPHONE_58,
        APP_IPHONE_55,
        APP_IPHONE_47,
        APP_IPHONE_40,
        APP_IPHONE_35,
        APP_IPAD_PRO_3GEN_129,
        APP_IPAD_PRO_3GEN_11,
        APP_IPAD_PRO_129,
        APP_IPAD_105,
        APP_IPAD_97,
        APP_DESKTOP,
        APP_WATCH_ULTRA,
        APP_WATCH_SERIES_10,
        APP_WATCH_SERIES_7,
        APP_WATCH_SERIES_4,
        APP_WATCH_SERIES_3,
        APP_APPLE_TV,
        APP_APPLE_VISION_PRO,
        IMESSAGE_APP_IPHONE_67,
        IMESSAGE_APP_IPHONE_61,
        IMESSAGE_APP_IPHONE_65,
        IMESSAGE_APP_IPHONE_58,
        IMESSAGE_APP_IPHONE_55,
        IMESSAGE_APP_IPHONE_47,
        IMESSAGE_APP_IPHONE_40,
        IMESSAGE_APP_IPAD_PRO_3GEN_129,
        IMESSAGE_APP_IPAD_PRO_3GEN_11,
        IMESSAGE_APP_IPAD_PRO_129,
        IMESSAGE_APP_IPAD_105,
        IMESSAGE_APP_IPAD_97,
    ];

    /// The name as ASC spells it.
    pub fn as_str(self) -> &'static str {
        // The serde name is the variant name; Debug prints it too.
        DISPLAY_NAMES[self as usize]
    }

    /// The `APP_*` type whose sizes an `IMESSAGE_APP_*` type shares (itself otherwise).
    pub fn size_class(self) -> DisplayType {
        match self {
            IMESSAGE_APP_IPHONE_67 => APP_IPHONE_67,
            IMESSAGE_APP_IPHONE_61 => APP_IPHONE_61,
            IMESSAGE_APP_IPHONE_65 => APP_IPHONE_65,
            IMESSAGE_APP_IPHONE_58 => APP_IPHONE_58,
            IMESSAGE_APP_IPHONE_55 => APP_IPHONE_55,
            IMESSAGE_APP_IPHONE_47 => APP_IPHONE_47,
            IMESSAGE_APP_IPHONE_40 => APP_IPHONE_40,
            IMESSAGE_APP_IPAD_PRO_3GEN_129 => APP_IPAD_PRO_3GEN_129,
            IMESSAGE_APP_IPAD_PRO_3GEN_11 => APP_IPAD_PRO_3GEN_11,
            IMESSAGE_APP_IPAD_PRO_129 => APP_IPAD_PRO_129,
            IMESSAGE_APP_IPAD_105 => APP_IPAD_105,
            IMESSAGE_APP_IPAD_97 => APP_IPAD_97,
            other => other,
        }
    }

    /// Every pixel size ASC accepts for this display type, portrait and landscape.
    pub fn accepted_sizes(self) -> Vec<PixelSize> {
        let class = self.size_class();
        let Some((_, sizes, orientation)) = TABLE.iter().find(|(t, _, _)| *t == class) else {
            return Vec::new();
        };
        let mut all = sizes.to_vec();
        if *orientation == Orientation::Both {
            all.extend(sizes.iter().map(|s| s.transposed()));
        }
        all
    }

    /// Whether ASC accepts an image of this size for this display type.
    pub fn accepts(self, size: PixelSize) -> bool {
        self.accepted_sizes().contains(&size)
    }

    /// The largest accepted portrait size: what an export should aim for.
    pub fn preferred_size(self) -> Option<PixelSize> {
        let class = self.size_class();
        TABLE
            .iter()
            .find(|(t, _, _)| *t == class)
            .and_then(|(_, sizes, _)| sizes.iter().max_by_key(|s| s.width * s.height).copied())
    }

    /// The `APP_*` display type for an image of this size. Sizes that fit two types
    /// (2048×2732, 3840×2160) are refused as ambiguous.
    pub fn for_size(size: PixelSize) -> Result<DisplayType, SizeError> {
        let matches: Vec<DisplayType> = TABLE
            .iter()
            .map(|(t, _, _)| *t)
            .filter(|t| t.accepts(size))
            .collect();
        match matches.as_slice() {
            [one] => Ok(*one),
            [] => Err(SizeError::Unknown {
                size,
                nearest: nearest_sizes(size),
            }),
            _ => Err(SizeError::Ambiguous {
                size,
                options: matches,
            }),
        }
    }
}

/// The three accepted sizes closest to `size` (by relative area and aspect difference).
fn nearest_sizes(size: PixelSize) -> Vec<(DisplayType, PixelSize)> {
    let mut all: Vec<(f64, DisplayType, PixelSize)> = TABLE
        .iter()
        .flat_map(|(t, _, _)| t.accepted_sizes().into_iter().map(move |s| (*t, s)))
        .map(|(t, s)| {
            let dw = f64::from(s.width) - f64::from(size.width);
            let dh = f64::from(s.height) - f64::from(size.height);
            ((dw * dw + dh * dh).sqrt(), t, s)
        })
        .collect();
    all.sort_by(|a, b| a.0.total_cmp(&b.0));
    all.into_iter().take(3).map(|(_, t, s)| (t, s)).collect()
}

const DISPLAY_NAMES: [&str; 33] = [
    "APP_IPHONE_67",
    "APP_IPHONE_65",
    "APP_IPHONE_61",
    "APP_IPHONE_58",
    "APP_IPHONE_55",
    "APP_IPHONE_47",
    "APP_IPHONE_40",
    "APP_IPHONE_35",
    "APP_IPAD_PRO_3GEN_129",
    "APP_IPAD_PRO_3GEN_11",
    "APP_IPAD_PRO_129",
    "APP_IPAD_105",
    "APP_IPAD_97",
    "APP_DESKTOP",
    "APP_WATCH_ULTRA",
    "APP_WATCH_SERIES_10",
    "APP_WATCH_SERIES_7",
    "APP_WATCH_SERIES_4",
    "APP_WATCH_SERIES_3",
    "APP_APPLE_TV",
    "APP_APPLE_VISION_PRO",
    "IMESSAGE_APP_IPHONE_67",
    "IMESSAGE_APP_IPHONE_61",
    "IMESSAGE_APP_IPHONE_65",
    "IMESSAGE_APP_IPHONE_58",
    "IMESSAGE_APP_IPHONE_55",
    "IMESSAGE_APP_IPHONE_47",
    "IMESSAGE_APP_IPHONE_40",
    "IMESSAGE_APP_IPAD_PRO_3GEN_129",
    "IMESSAGE_APP_IPAD_PRO_3GEN_11",
    "IMESSAGE_APP_IPAD_PRO_129",
    "IMESSAGE_APP_IPAD_105",
    "IMESSAGE_APP_IPAD_97",
];

impl fmt::Display for DisplayType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An unknown display type name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "\"{0}\" is not an App Store Connect display type (e.g. APP_IPHONE_67, APP_IPAD_PRO_3GEN_129)"
)]
pub struct UnknownDisplayType(pub String);

impl FromStr for DisplayType {
    type Err = UnknownDisplayType;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_uppercase();
        // The 6.9" slot is APP_IPHONE_67 in the API; accept the name people expect.
        let wanted = if wanted == "APP_IPHONE_69" {
            "APP_IPHONE_67".to_owned()
        } else {
            wanted
        };
        DisplayType::ALL
            .into_iter()
            .find(|t| t.as_str() == wanted)
            .ok_or_else(|| UnknownDisplayType(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for t in DisplayType::ALL {
            assert_eq!(t.as_str().parse::<DisplayType>(), Ok(t));
            assert_eq!(
                serde_json::to_string(&t).unwrap_or_default(),
                format!("\"{t}\"")
            );
        }
    }

    #[test]
    fn sizes_map_to_their_display_type() {
        assert_eq!(DisplayType::for_size(px(1320, 2868)), Ok(APP_IPHONE_67));
        assert_eq!(DisplayType::for_size(px(2868, 1320)), Ok(APP_IPHONE_67));
        assert_eq!(DisplayType::for_size(px(1242, 2688)), Ok(APP_IPHONE_65));
        assert_eq!(DisplayType::for_size(px(1206, 2622)), Ok(APP_IPHONE_61));
        assert_eq!(DisplayType::for_size(px(1170, 2532)), Ok(APP_IPHONE_58));
        assert_eq!(DisplayType::for_size(px(1242, 2208)), Ok(APP_IPHONE_55));
        assert_eq!(
            DisplayType::for_size(px(2064, 2752)),
            Ok(APP_IPAD_PRO_3GEN_129)
        );
        assert_eq!(DisplayType::for_size(px(2880, 1800)), Ok(APP_DESKTOP));
    }

    #[test]
    fn ambiguous_sizes_are_reported() {
        let err = DisplayType::for_size(px(2048, 2732)).unwrap_err();
        assert!(matches!(&err, SizeError::Ambiguous { options, .. } if options.len() == 2));
        assert!(err.to_string().contains("APP_IPAD_PRO_129"), "{err}");
        let err = DisplayType::for_size(px(3840, 2160)).unwrap_err();
        assert!(err.to_string().contains("APP_APPLE_VISION_PRO"), "{err}");
    }

    #[test]
    fn unknown_sizes_name_the_nearest() {
        let err = DisplayType::for_size(px(1290, 2795)).unwrap_err();
        assert!(
            err.to_string().contains("1290×2796 (APP_IPHONE_67)"),
            "{err}"
        );
    }

    #[test]
    fn imessage_types_share_sizes() {
        assert!(IMESSAGE_APP_IPHONE_67.accepts(px(1290, 2796)));
        assert_eq!(APP_IPHONE_67.preferred_size(), Some(px(1320, 2868)));
    }
}
