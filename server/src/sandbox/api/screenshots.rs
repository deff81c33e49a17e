//! Screenshots: the reservation (`POST`, with its upload operations), reading one, the commit
//! (`PATCH` with `uploaded` and `sourceFileChecksum`), and deleting one.

use std::sync::Arc;
use std::time::Instant;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, Uri};
use rand::Rng;
use serde_json::Value;

use super::apps::ApiResult;
use super::body::{self, Attr, Kind, Rel, Shape};
use super::document::{self, sparse};
use super::error::ApiError;
use super::query::Query;
use super::resources;
use crate::sandbox::processing::{self, Outcome};
use crate::sandbox::snapshot::FaultKind;
use crate::sandbox::state::{Shared, State as World};
use crate::sandbox::world::{Part, Phase, Screenshot, md5_hex};

/// How many screenshots one set can hold.
pub(crate) const MAX_PER_SET: usize = 10;

const CREATE: Shape<'static> = Shape {
    resource_type: "appScreenshots",
    id: None,
    attributes: &[
        Attr {
            name: "fileSize",
            kind: Kind::Integer,
            required: true,
            nullable: false,
        },
        Attr {
            name: "fileName",
            kind: Kind::String,
            required: true,
            nullable: false,
        },
    ],
    relationships: &[Rel {
        name: "appScreenshotSet",
        resource_type: "appScreenshotSets",
        required: true,
    }],
    attributes_required: true,
};

fn update_shape(id: &str) -> Shape<'_> {
    Shape {
        resource_type: "appScreenshots",
        id: Some(id),
        attributes: &[
            Attr {
                name: "sourceFileChecksum",
                kind: Kind::String,
                required: false,
                nullable: true,
            },
            Attr {
                name: "uploaded",
                kind: Kind::Boolean,
                required: false,
                nullable: true,
            },
        ],
        relationships: &[],
        attributes_required: false,
    }
}

fn not_editable() -> ApiError {
    ApiError::state_error(
        "The App Store version of this screenshot is not editable in its current state.",
    )
}

pub(crate) async fn reserve(
    State(shared): State<Arc<Shared>>,
    RawQuery(raw): RawQuery,
    bytes: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    Query::parse("POST /v1/appScreenshots", raw.as_deref())?;
    let entity = body::entity(&bytes, &CREATE)?;
    let file_name = entity.string("fileName").unwrap_or_default().to_owned();
    if file_name.trim().is_empty() {
        return Err(ApiError::attribute_invalid(
            "fileName",
            "The file name must not be empty.",
        ));
    }
    let file_size = entity
        .integer("fileSize")
        .and_then(|n| u64::try_from(n).ok())
        .filter(|n| *n > 0)
        .ok_or_else(|| {
            ApiError::attribute_invalid(
                "fileSize",
                "The file size must be a positive number of bytes.",
            )
        })?;
    let set_id = entity
        .related("appScreenshotSet")
        .unwrap_or_default()
        .to_owned();
    let links = shared.links();
    let mut state = shared.state.lock().await;
    let set = state.world.sets.get(&set_id).ok_or_else(|| {
        ApiError::relationship_invalid(
            "/data/relationships/appScreenshotSet",
            format!("There is no resource of type 'appScreenshotSets' with id '{set_id}'"),
        )
    })?;
    if !state.world.localization_editable(&set.localization_id) {
        return Err(not_editable());
    }
    if set.screenshot_ids.len() >= MAX_PER_SET {
        return Err(ApiError::set_full());
    }
    let broken_rate = state.faults.broken_reservation_rate;
    let broken = broken_rate > 0.0 && state.fault_rng.random::<f64>() < broken_rate;
    let id = state.new_id();
    let shot = Screenshot {
        id: id.clone(),
        set_id: set_id.clone(),
        file_size,
        asset_token: format!("PurpleSource/v4/{}/{file_name}", state.new_token()),
        upload_token: state.new_token(),
        file_name,
        parts: split(file_size, shared.part_size),
        broken,
        checksum: None,
        phase: Phase::AwaitingUpload,
    };
    let data = resources::screenshot(links, &shot);
    state
        .world
        .uploads
        .insert(shot.upload_token.clone(), id.clone());
    state.world.screenshots.insert(id.clone(), shot);
    if let Some(set) = state.world.sets.get_mut(&set_id) {
        set.screenshot_ids.push(id.clone());
    }
    let self_url = links.resource("appScreenshots", &id);
    Ok((
        StatusCode::CREATED,
        Json(document::single(data, Vec::new(), &self_url)),
    ))
}

/// Upload operations of at most `part_size` bytes covering `file_size`.
fn split(file_size: u64, part_size: u64) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut offset = 0;
    while offset < file_size {
        let length = part_size.min(file_size - offset);
        parts.push(Part {
            offset,
            length,
            data: None,
        });
        offset += length;
    }
    parts
}

pub(crate) async fn get(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    uri: Uri,
    RawQuery(raw): RawQuery,
) -> ApiResult {
    let query = Query::parse("GET /v1/appScreenshots/{id}", raw.as_deref())?;
    let links = shared.links();
    let mut state = shared.state.lock().await;
    let world = &mut state.world;
    let shot = world
        .screenshots
        .get_mut(&id)
        .ok_or_else(|| ApiError::not_found("appScreenshots", &id))?;
    shot.observe(shared.processing);
    let data = sparse(
        resources::screenshot(links, shot),
        query.fields("appScreenshots").as_deref(),
    );
    let set_id = shot.set_id.clone();
    let included = match world.sets.get(&set_id) {
        Some(set) if query.includes("appScreenshotSet") => {
            vec![sparse(
                resources::screenshot_set(links, set, None),
                query.fields("appScreenshotSets").as_deref(),
            )]
        }
        _ => Vec::new(),
    };
    Ok(Json(document::single(
        data,
        included,
        &links.request(uri.path(), query.pairs()),
    )))
}

pub(crate) async fn commit(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    uri: Uri,
    RawQuery(raw): RawQuery,
    bytes: Bytes,
) -> ApiResult {
    let query = Query::parse("PATCH /v1/appScreenshots/{id}", raw.as_deref())?;
    let entity = body::entity(&bytes, &update_shape(&id))?;
    let links = shared.links();
    let checksum = entity.string("sourceFileChecksum").map(str::to_owned);
    let uploaded = entity.boolean("uploaded") == Some(true);

    // Check and copy the bytes under the lock, decode outside it, apply under it again.
    let (assembled, display_type) = {
        let state = shared.state.lock().await;
        let shot = state
            .world
            .screenshots
            .get(&id)
            .ok_or_else(|| ApiError::not_found("appScreenshots", &id))?;
        let set = state.world.sets.get(&shot.set_id);
        if !state
            .world
            .localization_editable(set.map(|s| s.localization_id.as_str()).unwrap_or(""))
        {
            return Err(not_editable());
        }
        let awaiting = matches!(shot.phase, Phase::AwaitingUpload);
        if uploaded && awaiting {
            let received = shot.bytes_received();
            let Some(bytes) = shot.assembled().filter(|_| received == shot.file_size) else {
                return Err(ApiError::attribute_invalid(
                    "uploaded",
                    format!(
                        "The upload is not complete: {received} of {} bytes were received.",
                        shot.file_size
                    ),
                ));
            };
            (Some(bytes), set.map(|s| s.display_type))
        } else {
            (None, None)
        }
    };
    let outcome = match (assembled, display_type) {
        (Some(bytes), Some(display_type)) => {
            let digest = md5_hex(&bytes);
            let outcome =
                tokio::task::spawn_blocking(move || processing::inspect(&bytes, display_type))
                    .await
                    .unwrap_or_else(|_| {
                        Outcome::failed(
                            "IMAGE_TOOL_FAILURE",
                            "The image could not be processed.".into(),
                        )
                    });
            Some((digest, outcome))
        }
        _ => None,
    };

    let mut state = shared.state.lock().await;
    let injected = match &outcome {
        Some(_) => processing_fault(&mut state),
        None => false,
    };
    let shot = state
        .world
        .screenshots
        .get_mut(&id)
        .ok_or_else(|| ApiError::not_found("appScreenshots", &id))?;
    if entity.attributes.contains_key("sourceFileChecksum")
        && matches!(shot.phase, Phase::AwaitingUpload)
    {
        shot.checksum = checksum.clone();
    }
    if let Some((digest, outcome)) = outcome
        && matches!(shot.phase, Phase::AwaitingUpload)
    {
        {
            let outcome = if injected {
                Outcome::failed(
                    "IMAGE_TOOL_FAILURE",
                    "The image could not be processed. Try uploading it again.".to_owned(),
                )
            } else if shot
                .checksum
                .as_deref()
                .is_some_and(|c| !c.eq_ignore_ascii_case(&digest))
            {
                // TODO: Apple does not document the code of a checksum mismatch; this one is
                // named after what it means.
                Outcome::failed(
                    "FILE_CHECKSUM_MISMATCH",
                    "The sourceFileChecksum does not match the MD5 of the uploaded file."
                        .to_owned(),
                )
            } else {
                outcome
            };
            shot.phase = Phase::Processing {
                committed_at: Instant::now(),
                reads: 0,
                outcome,
            };
        }
    }
    let data = resources::screenshot(links, shot);
    Ok(Json(document::single(
        data,
        Vec::new(),
        &links.request(uri.path(), query.pairs()),
    )))
}

/// Whether this commit is one the faults make fail processing.
fn processing_fault(state: &mut World) -> bool {
    let failures = state.faults.processing_failures;
    state.commits += 1;
    let draw: f64 = state.fault_rng.random();
    let fail =
        state.commits <= u64::from(failures.first) || (failures.rate > 0.0 && draw < failures.rate);
    if fail {
        *state
            .log
            .counters
            .faults
            .entry(FaultKind::ProcessingFailure)
            .or_default() += 1;
    }
    fail
}

pub(crate) async fn delete(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<StatusCode, ApiError> {
    Query::parse("DELETE /v1/appScreenshots/{id}", raw.as_deref())?;
    let mut state = shared.state.lock().await;
    let shot = state
        .world
        .screenshots
        .get(&id)
        .ok_or_else(|| ApiError::not_found("appScreenshots", &id))?;
    let loc = state
        .world
        .sets
        .get(&shot.set_id)
        .map(|s| s.localization_id.clone())
        .unwrap_or_default();
    if !state.world.localization_editable(&loc) {
        return Err(not_editable());
    }
    state.world.remove_screenshot(&id);
    Ok(StatusCode::NO_CONTENT)
}
