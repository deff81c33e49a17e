//! The OpenAPI document of the bridge API, built from the handlers' `#[utoipa::path]`
//! annotations by the same router that serves them, so the two cannot drift apart.

use std::sync::Arc;

use axum::{Extension, Json};
use utoipa::Modify;
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

/// Name of the bearer security scheme in the document.
pub const TOKEN_SCHEME: &str = "pairingToken";

/// The document's frame: title, the bearer scheme, and that every route needs it unless it
/// says otherwise.
#[derive(Debug, OpenApi)]
#[openapi(
    info(
        title = "Shotbridge bridge API",
        description = "The local HTTP API the Shotbridge Figma plugin talks to."
    ),
    modifiers(&PairingTokenScheme),
    security(("pairingToken" = []))
)]
pub struct ApiDoc;

struct PairingTokenScheme;

impl Modify for PairingTokenScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            TOKEN_SCHEME,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "The pairing token `shotbridge serve` prints at start.",
                    ))
                    .build(),
            ),
        );
    }
}

/// The document served to clients and fuzzers.
#[derive(Clone)]
pub struct Document(pub Arc<utoipa::openapi::OpenApi>);

impl std::fmt::Debug for Document {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Document")
            .field("paths", &self.0.paths.paths.len())
            .finish()
    }
}

/// This API's OpenAPI 3.1 document.
#[utoipa::path(
    get,
    path = "/v1/openapi.json",
    tag = "bridge",
    responses((status = 200, description = "The OpenAPI document", body = Object))
)]
pub async fn openapi_json(
    Extension(Document(doc)): Extension<Document>,
) -> Json<serde_json::Value> {
    Json(serde_json::to_value(doc.as_ref()).unwrap_or_default())
}
