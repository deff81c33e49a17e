//! The JSON:API document shapes ASC answers with (`data`, `included`, `links.next`,
//! `meta.paging`), read leniently: unknown members are ignored, missing or `null` ones default.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

/// Reads `null` like an absent member (the type's default): Apple sends `null` for attributes
/// that have no value, and one such attribute must not fail a whole listing.
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// A response document whose `data` is `D` (one resource or a list).
#[derive(Debug, Deserialize)]
pub(crate) struct Document<D> {
    pub data: D,
    #[serde(default, deserialize_with = "null_as_default")]
    pub included: Vec<Resource>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub links: Links,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct Links {
    /// Absolute URL of the next page; absent on the last page.
    pub next: Option<String>,
}

/// One resource object.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Resource {
    #[serde(rename = "type")]
    pub kind: String,
    pub id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub attributes: Map<String, Value>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub relationships: Map<String, Value>,
}

/// A `{type, id}` pair, as in relationship data.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub(crate) struct Identifier {
    #[serde(rename = "type")]
    pub kind: String,
    pub id: String,
}

impl Resource {
    /// The attributes read as `T`.
    pub fn attributes<T: DeserializeOwned>(&self) -> Result<T, String> {
        serde_json::from_value(Value::Object(self.attributes.clone()))
            .map_err(|e| format!("{} {} attributes: {e}", self.kind, self.id))
    }

    /// The ids of a to-many relationship in the order ASC sent them; `None` when the
    /// relationship carries no `data` (ASC only sends it when it was included).
    pub fn related_ids(&self, relationship: &str) -> Option<Vec<Identifier>> {
        let data = self.relationships.get(relationship)?.get("data")?;
        serde_json::from_value(data.clone()).ok()
    }
}

/// `errors[]` of an ASC error document, read leniently.
#[derive(Debug, Deserialize)]
pub(crate) struct ErrorDocument {
    #[serde(default, deserialize_with = "null_as_default")]
    pub errors: Vec<RawError>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct RawError {
    #[serde(default, deserialize_with = "null_as_default")]
    pub code: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub title: String,
    pub detail: Option<String>,
    pub source: Option<Value>,
}

impl RawError {
    pub fn into_item(self) -> super::error::ErrorItem {
        use super::error::ErrorSource;
        let text = |key: &str| {
            self.source
                .as_ref()
                .and_then(|s| s.get(key))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        let source = text("pointer")
            .map(ErrorSource::Pointer)
            .or_else(|| text("parameter").map(ErrorSource::Parameter));
        super::error::ErrorItem {
            code: self.code,
            title: self.title,
            detail: self.detail,
            source,
        }
    }
}
