//! Errors found before anything is sent: a plan that cannot work, or ASC state that refuses it.

use std::fmt;

use shotbridge_shared::{DisplayType, Locale};

use crate::asc::{AscError, Platform};

/// One problem of a plan, in words that say what to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("name the app: an app id or a bundle id")]
    NoApp,
    #[error("\"{0}\" is not a platform App Store Connect knows (IOS, MAC_OS, TV_OS, VISION_OS)")]
    Platform(String),
    #[error("the plan has no screenshots")]
    Empty,
    #[error("{locale} {display_type}: {count} screenshots, but a set holds at most 10")]
    TooMany {
        locale: Locale,
        display_type: DisplayType,
        count: usize,
    },
    #[error(
        "{locale} {display_type}: positions must run 1..={count} without gaps or repeats, found {}",
        found.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
    )]
    Positions {
        locale: Locale,
        display_type: DisplayType,
        count: usize,
        found: Vec<u8>,
    },
    #[error("{locale} {display_type} position {position}: the file name is empty")]
    FileName {
        locale: Locale,
        display_type: DisplayType,
        position: u8,
    },
    #[error(
        "{display_type} screenshots belong to a {expected} version, not {platform}; \
         use --platform {expected} for them"
    )]
    WrongPlatform {
        display_type: DisplayType,
        platform: Platform,
        expected: Platform,
    },
}

/// Every problem of a plan at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanErrors(pub Vec<PlanError>);

impl fmt::Display for PlanErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        write!(f, "the upload plan cannot work: {}", lines.join("; "))
    }
}

impl std::error::Error for PlanErrors {}

/// Why a sync could not start. Nothing was changed in App Store Connect.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Plan(#[from] PlanErrors),
    /// The app, the version or the localizations could not be read (includes "no such app" and
    /// "no editable version", with the versions found).
    #[error(transparent)]
    Asc(#[from] AscError),
}

impl SyncError {
    /// Whether the caller's input is at fault (exit code 2, HTTP 4xx), rather than ASC.
    pub fn is_bad_input(&self) -> bool {
        matches!(self, SyncError::Plan(_))
            || matches!(self, SyncError::Asc(e) if e.is_not_found() || matches!(e, AscError::NoEditableVersion(_)))
    }
}
