//! The bridge HTTP API against a real socket: security, errors, credentials, the OpenAPI
//! document, uploads and translation.

#![allow(clippy::unwrap_used)]

mod bridge {
    mod binary;
    mod credentials;
    pub mod helpers;
    mod openapi;
    mod security;
    mod translate;
    mod uploads;
}
