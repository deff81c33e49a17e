//! Helpers shared by the end-to-end tests and benchmark drivers.
//!
//! # Layout
//! - [`bench`]: the benchmarks the `bench` binary runs and tabulates.

pub mod bench;
