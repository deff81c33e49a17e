//! Integration tests of the App Store Connect client against mock servers (wiremock, and a
//! scripted socket for dropped connections), plus `shotbridge doctor` run as the real binary.
//! Every API request these tests send is checked against Apple's OpenAPI document.
#![allow(clippy::unwrap_used)]

#[path = "common/contract.rs"]
mod contract;

#[path = "asc/apple_shapes.rs"]
mod apple_shapes;
#[path = "asc/contract_checks.rs"]
mod contract_checks;
#[path = "asc/doctor.rs"]
mod doctor;
#[path = "asc/errors.rs"]
mod errors;
#[path = "asc/flow.rs"]
mod flow;
#[path = "asc/keys.rs"]
mod keys;
#[path = "asc/retries.rs"]
mod retries;
#[path = "asc/sandbox.rs"]
mod sandbox;
#[path = "asc/support.rs"]
mod support;
