//! Sync engine tests against the in-memory sandbox: faults, re-runs, dry runs, modes, real
//! screenshots, and the binary killed halfway.

#![allow(clippy::unwrap_used)]

#[path = "sync/common.rs"]
mod common;
#[path = "common/contract.rs"]
mod contract;
#[path = "sync/faults.rs"]
mod faults;
#[path = "sync/killed.rs"]
mod killed;
#[path = "sync/modes.rs"]
mod modes;
#[path = "sync/processing.rs"]
mod processing;
#[path = "sync/real_inputs.rs"]
mod real_inputs;
#[path = "sync/rerun.rs"]
mod rerun;
