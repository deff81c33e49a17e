//! Types both sides of Shotbridge speak.
//!
//! # Layout
//! - [`locale`]: the 50 App Store Connect locales and parsing of real-world folder names.
//! - [`display_type`]: screenshot display types and the exact pixel sizes ASC accepts.
//! - [`wire`]: the bridge HTTP API's JSON bodies (DESIGN.md).
//! - [`typescript`]: the TypeScript the Figma plugin is built against, generated from the above.

pub mod display_type;
pub mod locale;
pub mod typescript;
pub mod wire;

pub use display_type::{DisplayType, PixelSize, SizeError};
pub use locale::{Direction, LOCALES, Locale, LocaleError, LocaleInfo};
