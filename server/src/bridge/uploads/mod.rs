//! Uploads through the bridge: the plan is checked, bodies arrive by PUT, are normalized in
//! memory and handed to the sync engine at once; progress is a report and an event stream.

pub mod board;
pub mod engine;
pub mod events;
pub mod plan;
pub mod receive;
pub mod registry;
pub mod routes;
