//! Query parameters, checked like Apple checks them: only the parameters Apple's OpenAPI
//! document lists for the operation (plus `cursor` on paged ones), enum values from its lists,
//! and integer limits within their maxima.

use std::collections::HashMap;
use std::sync::LazyLock;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::Deserialize;

use super::error::ApiError;

/// One query parameter as Apple's document lists it.
#[derive(Debug, Deserialize)]
struct ParamSpec {
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(rename = "enum")]
    values: Option<Vec<String>>,
    maximum: Option<u64>,
}

/// `"GET /v1/apps"` → parameter name → spec, cut from Apple's OpenAPI document by
/// `server/tests/fixtures/extract_asc_openapi.py`.
static PARAMETERS: LazyLock<HashMap<String, HashMap<String, ParamSpec>>> = LazyLock::new(|| {
    serde_json::from_str(include_str!("parameters.json")).unwrap_or_else(|error| {
        tracing::error!(cause = %error, "the sandbox parameter table does not parse");
        HashMap::new()
    })
});

/// The checked query of one request.
#[derive(Debug, Default)]
pub(crate) struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    /// Parses and checks `raw` for the operation `"METHOD /path/template"`.
    pub fn parse(operation: &str, raw: Option<&str>) -> Result<Query, ApiError> {
        let pairs: Vec<(String, String)> =
            url::form_urlencoded::parse(raw.unwrap_or("").as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
        let empty = HashMap::new();
        let listed = PARAMETERS.get(operation).unwrap_or(&empty);
        for (name, value) in &pairs {
            if name == "cursor" && listed.contains_key("limit") {
                decode_cursor(value).ok_or_else(|| ApiError::parameter_invalid(name, value))?;
                continue;
            }
            let spec = listed
                .get(name)
                .ok_or_else(|| ApiError::parameter_illegal(name))?;
            check_value(name, value, spec)?;
        }
        Ok(Query { pairs })
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// A comma-separated list parameter (`filter[…]`, `include`, `fields[…]`).
    pub fn list(&self, name: &str) -> Option<Vec<String>> {
        self.get(name)
            .map(|v| v.split(',').map(str::to_owned).collect())
    }

    /// Whether `include` names this relationship.
    pub fn includes(&self, relationship: &str) -> bool {
        self.list("include")
            .is_some_and(|l| l.iter().any(|i| i == relationship))
    }

    /// `fields[<type>]`, if given.
    pub fn fields(&self, resource_type: &str) -> Option<Vec<String>> {
        self.list(&format!("fields[{resource_type}]"))
    }

    /// An integer limit parameter, or `default`.
    pub fn limit(&self, name: &str, default: usize) -> usize {
        self.get(name)
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    }

    /// The offset a `cursor` stands for (0 without one).
    pub fn offset(&self) -> usize {
        self.get("cursor").and_then(decode_cursor).unwrap_or(0)
    }

    /// The pairs as sent, for building `links.next`.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }
}

fn check_value(name: &str, value: &str, spec: &ParamSpec) -> Result<(), ApiError> {
    let invalid = || ApiError::parameter_invalid(name, value);
    match spec.kind.as_deref() {
        Some("integer") => {
            let n: u64 = value.parse().map_err(|_| invalid())?;
            if n == 0 || spec.maximum.is_some_and(|max| n > max) {
                return Err(invalid());
            }
        }
        Some("boolean") => {
            if value != "true" && value != "false" {
                return Err(invalid());
            }
        }
        _ => {
            for item in value.split(',') {
                let known = spec
                    .values
                    .as_ref()
                    .is_none_or(|v| v.iter().any(|e| e == item));
                if item.is_empty() || !known {
                    return Err(ApiError::parameter_invalid(name, item));
                }
            }
        }
    }
    Ok(())
}

/// Apple's cursors are base64 of `{"offset":"N"}`; the sandbox makes and reads the same.
pub(crate) fn encode_cursor(offset: usize) -> String {
    STANDARD.encode(format!("{{\"offset\":\"{offset}\"}}"))
}

fn decode_cursor(cursor: &str) -> Option<usize> {
    #[derive(Deserialize)]
    struct Cursor {
        offset: String,
    }
    let bytes = STANDARD.decode(cursor).ok()?;
    let cursor: Cursor = serde_json::from_slice(&bytes).ok()?;
    cursor.offset.parse().ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn listed_parameters_pass_and_others_are_illegal() {
        let ok =
            Query::parse("GET /v1/apps", Some("filter%5BbundleId%5D=a.b,c.d&limit=2")).unwrap();
        assert_eq!(
            ok.list("filter[bundleId]"),
            Some(vec!["a.b".to_owned(), "c.d".to_owned()])
        );
        assert_eq!(ok.limit("limit", 50), 2);
        let err = Query::parse("GET /v1/apps", Some("filter[color]=red")).unwrap_err();
        assert_eq!(err.code, "PARAMETER_ERROR.ILLEGAL");
        let err = Query::parse("GET /v1/apps", Some("limit=201")).unwrap_err();
        assert_eq!(err.code, "PARAMETER_ERROR.INVALID");
        let err = Query::parse("GET /v1/appScreenshots/{id}", Some("include=builds")).unwrap_err();
        assert_eq!(err.code, "PARAMETER_ERROR.INVALID");
    }

    #[test]
    fn cursors_round_trip_and_only_on_paged_operations() {
        let cursor = encode_cursor(10);
        let q = Query::parse("GET /v1/apps", Some(&format!("cursor={cursor}"))).unwrap();
        assert_eq!(q.offset(), 10);
        assert!(Query::parse("GET /v1/apps", Some("cursor=garbage")).is_err());
        assert!(
            Query::parse(
                "GET /v1/appScreenshots/{id}",
                Some(&format!("cursor={cursor}"))
            )
            .is_err()
        );
    }
}
