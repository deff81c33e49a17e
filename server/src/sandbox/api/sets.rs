//! Screenshot sets: list a localization's (with their screenshots included), read, create and
//! delete one, and read or replace the order of its screenshots.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, Uri};
use serde_json::Value;
use shotbridge_shared::DisplayType;

use super::apps::ApiResult;
use super::body::{self, Attr, Kind, Rel, Shape};
use super::document::{self, Links, sparse};
use super::error::ApiError;
use super::query::Query;
use super::resources;
use crate::sandbox::config::Processing;
use crate::sandbox::state::Shared;
use crate::sandbox::world::{ScreenshotSet, World};

const CREATE: Shape<'static> = Shape {
    resource_type: "appScreenshotSets",
    id: None,
    attributes: &[Attr {
        name: "screenshotDisplayType",
        kind: Kind::String,
        required: true,
        nullable: false,
    }],
    relationships: &[
        Rel {
            name: "appStoreVersionLocalization",
            resource_type: "appStoreVersionLocalizations",
            required: false,
        },
        Rel {
            name: "appCustomProductPageLocalization",
            resource_type: "appCustomProductPageLocalizations",
            required: false,
        },
        Rel {
            name: "appStoreVersionExperimentTreatmentLocalization",
            resource_type: "appStoreVersionExperimentTreatmentLocalizations",
            required: false,
        },
    ],
    attributes_required: true,
};

/// The most screenshots `limit[appScreenshots]` may ask for, and what a set can hold anyway.
const SCREENSHOTS_LIMIT: usize = 50;

/// A set with its screenshots included when asked; included screenshots count as reads.
fn render_set(
    world: &mut World,
    set_id: &str,
    query: &Query,
    links: Links<'_>,
    processing: Processing,
    included: &mut Vec<Value>,
) -> Value {
    let Some(set) = world.sets.get(set_id).cloned() else {
        return Value::Null;
    };
    let fields = query.fields("appScreenshotSets");
    if !query.includes("appScreenshots") {
        return sparse(
            resources::screenshot_set(links, &set, None),
            fields.as_deref(),
        );
    }
    let limit = query.limit("limit[appScreenshots]", SCREENSHOTS_LIMIT);
    let ids: Vec<String> = set.screenshot_ids.iter().take(limit).cloned().collect();
    let shot_fields = query.fields("appScreenshots");
    for id in &ids {
        if let Some(shot) = world.screenshots.get_mut(id) {
            shot.observe(processing);
            included.push(sparse(
                resources::screenshot(links, shot),
                shot_fields.as_deref(),
            ));
        }
    }
    sparse(
        resources::screenshot_set(links, &set, Some((&ids, set.screenshot_ids.len()))),
        fields.as_deref(),
    )
}

pub(crate) async fn list(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    uri: Uri,
    RawQuery(raw): RawQuery,
) -> ApiResult {
    let query = Query::parse(
        "GET /v1/appStoreVersionLocalizations/{id}/appScreenshotSets",
        raw.as_deref(),
    )?;
    // TODO: filter[appCustomProductPageLocalization] and filter[appStoreVersionExperiment…]
    // are accepted but ignored: custom product pages and experiments are not modelled.
    let links = shared.links();
    let mut state = shared.state.lock().await;
    let world = &mut state.world;
    let loc = world
        .localizations
        .get(&id)
        .ok_or_else(|| ApiError::not_found("appStoreVersionLocalizations", &id))?;
    let types = query.list("filter[screenshotDisplayType]");
    let set_ids: Vec<String> = loc
        .set_ids
        .iter()
        .filter(|s| {
            world.sets.get(*s).is_some_and(|set| {
                types
                    .as_ref()
                    .is_none_or(|t| t.iter().any(|x| x == set.display_type.as_str()))
            })
        })
        .cloned()
        .collect();
    let page = document::page(set_ids, &query);
    let mut included = Vec::new();
    let items = page
        .items
        .iter()
        .map(|s| render_set(world, s, &query, links, shared.processing, &mut included))
        .collect();
    let page = page.with_items(items);
    Ok(Json(document::paged(
        links,
        uri.path(),
        &query,
        page,
        included,
    )))
}

pub(crate) async fn get(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    uri: Uri,
    RawQuery(raw): RawQuery,
) -> ApiResult {
    let query = Query::parse("GET /v1/appScreenshotSets/{id}", raw.as_deref())?;
    let links = shared.links();
    let mut state = shared.state.lock().await;
    if !state.world.sets.contains_key(&id) {
        return Err(ApiError::not_found("appScreenshotSets", &id));
    }
    let mut included = Vec::new();
    let data = render_set(
        &mut state.world,
        &id,
        &query,
        links,
        shared.processing,
        &mut included,
    );
    Ok(Json(document::single(
        data,
        included,
        &links.request(uri.path(), query.pairs()),
    )))
}

pub(crate) async fn create(
    State(shared): State<Arc<Shared>>,
    RawQuery(raw): RawQuery,
    bytes: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    Query::parse("POST /v1/appScreenshotSets", raw.as_deref())?;
    let entity = body::entity(&bytes, &CREATE)?;
    let name = entity.string("screenshotDisplayType").unwrap_or_default();
    // Exact names only: Apple has no APP_IPHONE_69 and no lower-case spellings.
    let display_type = DisplayType::ALL
        .into_iter()
        .find(|t| t.as_str() == name)
        .ok_or_else(|| {
            ApiError::attribute_invalid(
                "screenshotDisplayType",
                format!("'{name}' is not a valid value for 'screenshotDisplayType'"),
            )
        })?;
    for other in [
        "appCustomProductPageLocalization",
        "appStoreVersionExperimentTreatmentLocalization",
    ] {
        if let Some(id) = entity.related(other) {
            // TODO: custom product pages and experiments are not modelled in the sandbox.
            return Err(ApiError::relationship_invalid(
                &format!("/data/relationships/{other}"),
                format!("There is no resource with id '{id}' for the relationship '{other}'"),
            ));
        }
    }
    let loc_id = entity
        .related("appStoreVersionLocalization")
        .ok_or_else(|| ApiError::relationship_required("appStoreVersionLocalization"))?
        .to_owned();
    let links = shared.links();
    let mut state = shared.state.lock().await;
    let loc = state.world.localizations.get(&loc_id).ok_or_else(|| {
        ApiError::relationship_invalid(
            "/data/relationships/appStoreVersionLocalization",
            format!(
                "There is no resource of type 'appStoreVersionLocalizations' with id '{loc_id}'"
            ),
        )
    })?;
    if !state.world.localization_editable(&loc_id) {
        return Err(ApiError::state_error(
            "The App Store version of this localization is not editable in its current state.",
        ));
    }
    let exists = loc
        .set_ids
        .iter()
        .filter_map(|s| state.world.sets.get(s))
        .any(|s| s.display_type == display_type);
    if exists {
        return Err(ApiError::set_exists(display_type.as_str()));
    }
    let id = state.new_id();
    let set = ScreenshotSet {
        id: id.clone(),
        localization_id: loc_id.clone(),
        display_type,
        screenshot_ids: Vec::new(),
    };
    let data = resources::screenshot_set(links, &set, None);
    state.world.sets.insert(id.clone(), set);
    if let Some(loc) = state.world.localizations.get_mut(&loc_id) {
        loc.set_ids.push(id.clone());
    }
    let self_url = links.resource("appScreenshotSets", &id);
    Ok((
        StatusCode::CREATED,
        Json(document::single(data, Vec::new(), &self_url)),
    ))
}

pub(crate) async fn delete(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<StatusCode, ApiError> {
    Query::parse("DELETE /v1/appScreenshotSets/{id}", raw.as_deref())?;
    let mut state = shared.state.lock().await;
    let set = state
        .world
        .sets
        .get(&id)
        .ok_or_else(|| ApiError::not_found("appScreenshotSets", &id))?;
    if !state.world.localization_editable(&set.localization_id) {
        return Err(ApiError::state_error(
            "The App Store version of this screenshot set is not editable in its current state.",
        ));
    }
    state.world.remove_set(&id);
    Ok(StatusCode::NO_CONTENT)
}

pub(crate) async fn screenshots(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    uri: Uri,
    RawQuery(raw): RawQuery,
) -> ApiResult {
    let query = Query::parse(
        "GET /v1/appScreenshotSets/{id}/appScreenshots",
        raw.as_deref(),
    )?;
    let links = shared.links();
    let mut state = shared.state.lock().await;
    let world = &mut state.world;
    let set = world
        .sets
        .get(&id)
        .cloned()
        .ok_or_else(|| ApiError::not_found("appScreenshotSets", &id))?;
    let page = document::page(set.screenshot_ids.clone(), &query);
    let fields = query.fields("appScreenshots");
    let mut items = Vec::new();
    for shot_id in &page.items {
        if let Some(shot) = world.screenshots.get_mut(shot_id) {
            shot.observe(shared.processing);
            items.push(sparse(
                resources::screenshot(links, shot),
                fields.as_deref(),
            ));
        }
    }
    let included = if query.includes("appScreenshotSet") {
        vec![sparse(
            resources::screenshot_set(links, &set, None),
            query.fields("appScreenshotSets").as_deref(),
        )]
    } else {
        Vec::new()
    };
    let page = page.with_items(items);
    Ok(Json(document::paged(
        links,
        uri.path(),
        &query,
        page,
        included,
    )))
}

pub(crate) async fn order(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    uri: Uri,
    RawQuery(raw): RawQuery,
) -> ApiResult {
    let query = Query::parse(
        "GET /v1/appScreenshotSets/{id}/relationships/appScreenshots",
        raw.as_deref(),
    )?;
    let links = shared.links();
    let state = shared.state.lock().await;
    let set = state
        .world
        .sets
        .get(&id)
        .ok_or_else(|| ApiError::not_found("appScreenshotSets", &id))?;
    let page = document::page(set.screenshot_ids.clone(), &query);
    let items = page
        .items
        .iter()
        .map(|s| document::linkage("appScreenshots", s))
        .collect();
    let page = page.with_items(items);
    Ok(Json(document::paged(
        links,
        uri.path(),
        &query,
        page,
        Vec::new(),
    )))
}

pub(crate) async fn reorder(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
    bytes: Bytes,
) -> Result<StatusCode, ApiError> {
    Query::parse(
        "PATCH /v1/appScreenshotSets/{id}/relationships/appScreenshots",
        raw.as_deref(),
    )?;
    let ids = body::linkages(&bytes, "appScreenshots")?;
    let mut state = shared.state.lock().await;
    let set = state
        .world
        .sets
        .get(&id)
        .ok_or_else(|| ApiError::not_found("appScreenshotSets", &id))?;
    if !state.world.localization_editable(&set.localization_id) {
        return Err(ApiError::state_error(
            "The App Store version of this screenshot set is not editable in its current state.",
        ));
    }
    let mut sent = ids.clone();
    sent.sort();
    sent.dedup();
    let mut held = set.screenshot_ids.clone();
    held.sort();
    if sent.len() != ids.len() || sent != held {
        return Err(ApiError::relationship_invalid(
            "/data",
            "The linkages must name every screenshot of the set exactly once, and no other.",
        ));
    }
    if let Some(set) = state.world.sets.get_mut(&id) {
        set.screenshot_ids = ids;
    }
    Ok(StatusCode::NO_CONTENT)
}
