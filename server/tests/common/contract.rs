//! The ASC contract, for any test suite that talks to a (mock or sandbox) App Store Connect:
//! every request sent to the API must use a path and method of Apple's OpenAPI document, only
//! query parameters the document lists for it (with allowed values), and a body that validates
//! against the operation's request schema. Requests to other paths (upload-operation URLs) are
//! not API requests and are skipped.
//!
//! Use from a test file in `server/tests/`: `#[path = "common/contract.rs"] mod contract;`, then
//! `contract::assert_valid(&server.received_requests().await.unwrap_or_default())` or
//! `Contract::load().check(method, &url, body)` for requests recorded some other way.
//!
//! The other direction: `contract::assert_apple_shaped("AppsResponse", &body)` checks that a mock
//! answer validates against Apple's response schema (`fixtures/asc-openapi-responses.json`), so
//! the client is tested against what Apple can really send, not against a convenient shape.
#![allow(dead_code)]

use serde_json::Value;
use url::Url;

/// The trimmed OpenAPI document (see `fixtures/SOURCES.md`).
const SUBSET: &str = include_str!("../fixtures/asc-openapi-subset.json");
/// Apple's response schemas (see `fixtures/SOURCES.md`).
const RESPONSES: &str = include_str!("../fixtures/asc-openapi-responses.json");

/// Apple's documented paths, methods, parameters and request schemas.
pub struct Contract {
    paths: Vec<(Vec<String>, Value)>,
}

impl Contract {
    pub fn load() -> Contract {
        let doc: Value = serde_json::from_str(SUBSET).expect("the OpenAPI subset is JSON");
        let paths = doc["paths"]
            .as_object()
            .expect("paths")
            .iter()
            .map(|(template, item)| (segments(template), item.clone()))
            .collect();
        Contract { paths }
    }

    /// Whether `path` is an ASC API path (as opposed to an upload-operation URL).
    pub fn is_api_path(path: &str) -> bool {
        path.starts_with("/v1/")
    }

    /// Checks one request; the error says every way it breaks the contract.
    pub fn check(&self, method: &str, url: &Url, body: &[u8]) -> Result<(), String> {
        let label = format!("{method} {}", url.path());
        let operation = self
            .operation(method, url.path())
            .ok_or_else(|| format!("{label}: not a documented path and method"))?;
        let mut problems = Vec::new();
        let mut seen = Vec::new();
        for (name, _) in url.query_pairs() {
            if seen.contains(&name) {
                problems.push(format!("query parameter {name} is sent twice"));
            }
            seen.push(name);
        }
        let params = operation["parameters"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for (name, value) in url.query_pairs() {
            // Apple's own `links.next` URLs page with `cursor`, which the document does not list.
            if name == "cursor" {
                continue;
            }
            let declared = params
                .iter()
                .find(|p| p["in"] == "query" && p["name"] == name.as_ref());
            match declared {
                None => problems.push(format!("query parameter {name} is not listed for {label}")),
                Some(p) => {
                    if let Err(e) = check_value(&p["schema"], &value) {
                        problems.push(format!("{name}={value}: {e}"));
                    }
                }
            }
        }
        match (&operation.get("requestBody"), body.is_empty()) {
            (None, true) => {}
            (None, false) => problems.push(format!("{label} takes no body but one was sent")),
            (Some(_), true) => problems.push(format!("{label} needs a body but none was sent")),
            (Some(spec), false) => match serde_json::from_slice::<Value>(body) {
                Err(e) => problems.push(format!("the body is not JSON: {e}")),
                Ok(json) => {
                    let validator = jsonschema::validator_for(&spec["schema"])
                        .expect("request schema compiles");
                    for error in validator.iter_errors(&json) {
                        problems.push(format!("body at {}: {error}", error.instance_path()));
                    }
                }
            },
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(format!("{label}: {}", problems.join("; ")))
        }
    }

    fn operation(&self, method: &str, path: &str) -> Option<&Value> {
        let wanted = segments(path);
        self.paths
            .iter()
            .filter(|(template, _)| {
                template.len() == wanted.len()
                    && template
                        .iter()
                        .zip(&wanted)
                        .all(|(t, w)| t == w || (t.starts_with('{') && !w.is_empty()))
            })
            // The most literal template wins (`/relationships/x` over `/{id}`).
            .max_by_key(|(template, _)| template.iter().filter(|t| !t.starts_with('{')).count())
            .and_then(|(_, item)| item.get(method.to_ascii_lowercase()))
    }
}

fn segments(path: &str) -> Vec<String> {
    path.trim_matches('/')
        .split('/')
        .map(str::to_owned)
        .collect()
}

/// Checks a query value against its parameter schema: enums (comma-separated for arrays) and
/// integer bounds.
fn check_value(schema: &Value, value: &str) -> Result<(), String> {
    if schema["type"] == "array" {
        for item in value.split(',') {
            check_value(&schema["items"], item)?;
        }
        return Ok(());
    }
    if let Some(allowed) = schema["enum"].as_array()
        && !allowed.iter().any(|a| a == value)
    {
        return Err("not one of the documented values".to_owned());
    }
    if schema["type"] == "integer" {
        let n: i64 = value.parse().map_err(|_| "not an integer".to_owned())?;
        if let Some(max) = schema["maximum"].as_i64()
            && n > max
        {
            return Err(format!("above the maximum {max}"));
        }
    }
    Ok(())
}

/// Checks every API request a wiremock server received; panics listing all violations. Returns
/// how many API requests were checked.
pub fn assert_valid(requests: &[wiremock::Request]) -> usize {
    let contract = Contract::load();
    let mut checked = 0;
    let mut problems = Vec::new();
    for request in requests
        .iter()
        .filter(|r| Contract::is_api_path(r.url.path()))
    {
        checked += 1;
        if let Err(e) = contract.check(request.method.as_str(), &request.url, &request.body) {
            problems.push(e);
        }
    }
    assert!(
        problems.is_empty(),
        "requests that break Apple's API contract:\n{}",
        problems.join("\n")
    );
    checked
}

/// Checks every API request a sandbox App Store Connect saw (upload-operation PUTs are not API
/// requests); returns how many were checked.
pub fn assert_sandbox_log_valid(log: &shotbridge::sandbox::RequestLog) -> usize {
    let contract = Contract::load();
    let base = Url::parse("http://sandbox.invalid").expect("a base URL");
    let mut problems = Vec::new();
    let mut checked = 0;
    for entry in &log.entries {
        if entry.endpoint != shotbridge::sandbox::Endpoint::Api {
            continue;
        }
        let mut url = base.join(&entry.path).expect("a logged path");
        url.set_query(entry.query.as_deref());
        let body = entry
            .body
            .as_ref()
            .map(|b| serde_json::to_vec(b).expect("JSON"))
            .unwrap_or_default();
        if let Err(problem) = contract.check(&entry.method, &url, &body) {
            problems.push(problem);
        }
        checked += 1;
    }
    assert!(
        problems.is_empty(),
        "requests outside Apple's contract:\n{}",
        problems.join("\n")
    );
    checked
}

/// Fails the test unless `body` validates against Apple's response schema `name` (for example
/// `AppsResponse`, `AppScreenshotResponse`, `ErrorResponse`).
pub fn assert_apple_shaped(name: &str, body: &Value) {
    let fixture: Value = serde_json::from_str(RESPONSES).expect("the response schemas are JSON");
    assert!(
        fixture["$defs"].get(name).is_some(),
        "no response schema {name} in the fixture"
    );
    let schema = serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": format!("#/$defs/{name}"),
        "$defs": fixture["$defs"],
    });
    let validator = jsonschema::validator_for(&schema).expect("response schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(body)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "this mock answer is not one Apple could send as {name}:\n{}\n{body:#}",
        errors.join("\n")
    );
}
