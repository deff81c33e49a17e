//! Helpers shared by the end-to-end tests and benchmark drivers.

pub mod bridge;
