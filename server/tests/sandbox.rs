//! The sandbox App Store Connect over real HTTP: the upload flow, Apple's errors, fault
//! injection, and response documents checked against Apple's OpenAPI schemas.

#![allow(clippy::unwrap_used)]

mod sandbox {
    pub mod errors;
    pub mod faults;
    pub mod flow;
    pub mod schema;
    pub mod support;
}
