//! The App Store Connect API the sandbox serves: documents, errors, query and body checks, and
//! one handler module per resource family.

pub(crate) mod apps;
pub(crate) mod body;
pub(crate) mod document;
pub(crate) mod error;
pub(crate) mod localizations;
pub(crate) mod query;
pub(crate) mod resources;
pub(crate) mod screenshots;
pub(crate) mod sets;
