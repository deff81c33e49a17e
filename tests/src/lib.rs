//! Helpers shared by the end-to-end tests and benchmark drivers.
//!
//! # Layout
//! - [`bridge`]: a real `shotbridge serve --sandbox` and a client that speaks to it like the
//!   Figma plugin does.
//! - [`bench`]: the benchmarks the `bench` binary runs and tabulates.

pub mod bench;
pub mod bridge;
