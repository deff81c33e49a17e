//! The screenshot sync engine: makes each touched screenshot set in App Store Connect hold
//! exactly the planned screenshots, in order, with the fewest requests, and converges when run
//! again after any interruption.
//!
//! Use: [`Syncer::prepare`] checks a [`SyncPlan`] and reads ASC once (nothing is written), then
//! [`PreparedSync::run`] takes the screenshots as they arrive on a channel, works each set as
//! soon as its screenshots are all there, reports every phase change on a progress channel,
//! stops cleanly on cancellation and returns a [`SyncReport`]. [`PreparedSync::preview`] is the
//! dry run. [`folder`] feeds a fastlane-style folder from disk.
//!
//! # Layout
//! - [`input`]: the plan, the incoming screenshots, the options.
//! - `error`: [`PlanError`], [`SyncError`].
//! - `prepare`: [`Syncer`]: checks the plan, reads the app, version, localizations, sets.
//! - `prepared`: [`PreparedSync`]: the state read, the dry-run preview, the run.
//! - [`plan`]: the pure planner of one set (keep, delete, upload, order).
//! - `remote`: ASC's sets in the planner's terms.
//! - `preview`: the dry-run plan.
//! - `run`: the coordinator: incoming screenshots, memory budget, set workers, cancellation.
//! - `set_worker`: carrying out one set's plan: create, delete, reserve, upload, commit, wait,
//!   retry once, order.
//! - `progress`: phase changes to the channel and into the report.
//! - `report`: [`SyncReport`].
//! - [`folder`]: fastlane's `DIR/<locale>/<files>` layout, checked and fed from disk.

pub mod folder;
pub mod input;
pub mod plan;

mod context;
mod ensure;
mod error;
mod prepare;
mod prepared;
mod preview;
mod progress;
mod remote;
mod report;
mod run;
mod set_worker;
mod upload;

pub use error::{PlanError, PlanErrors, SyncError};
pub use input::{AppRef, IncomingScreenshot, ScreenshotKey, SetKey, SyncOptions, SyncPlan};
pub use prepare::{Syncer, check_plan, platform_of};
pub use prepared::PreparedSync;
pub use preview::{SetPreview, SyncPreview};
pub use report::SyncReport;
