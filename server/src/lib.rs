//! Shotbridge: localize App Store screenshots from Figma and push them to App Store Connect.
//!
//! # Layout
//! - [`asc`]: the App Store Connect API client (JWT, JSON:API, retries, rate limits, uploads).
//! - [`sandbox`]: an in-memory App Store Connect speaking Apple's API, with fault injection.
//! - [`images`]: in-memory image sniffing, display-type mapping, alpha flattening, MD5.
//! - [`sync`]: makes ASC hold exactly the planned screenshots, with the fewest requests.
//! - [`translate`]: caption translation (pseudo, OpenAI, Gemini), glossary, translation memory.
//! - [`bridge`]: the local HTTP API the Figma plugin talks to.
//! - [`cli`]: one module per subcommand of the `shotbridge` binary.

pub mod asc;
pub mod bridge;
pub mod cli;
pub mod images;
pub mod sandbox;
pub mod sync;
pub mod translate;
