//! Version localizations: list a version's, read one, create one (with Apple's duplicate-locale,
//! unknown-locale and non-editable-version conflicts).

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, Uri};
use shotbridge_shared::Locale;

use super::apps::ApiResult;
use super::body::{self, Attr, Kind, Rel, Shape};
use super::document::{self, Links, sparse};
use super::error::ApiError;
use super::query::Query;
use super::resources;
use crate::sandbox::state::Shared;
use crate::sandbox::world::{Localization, World};

const fn text(name: &'static str) -> Attr {
    Attr {
        name,
        kind: Kind::String,
        required: false,
        nullable: true,
    }
}

const CREATE: Shape<'static> = Shape {
    resource_type: "appStoreVersionLocalizations",
    id: None,
    attributes: &[
        Attr {
            name: "locale",
            kind: Kind::String,
            required: true,
            nullable: false,
        },
        text("description"),
        text("keywords"),
        text("marketingUrl"),
        text("promotionalText"),
        text("supportUrl"),
        text("whatsNew"),
    ],
    relationships: &[Rel {
        name: "appStoreVersion",
        resource_type: "appStoreVersions",
        required: true,
    }],
    attributes_required: true,
};

/// A localization with its screenshot sets included when asked.
fn with_sets(
    world: &World,
    l: &Localization,
    query: &Query,
    links: Links<'_>,
    included: &mut Vec<serde_json::Value>,
) -> serde_json::Value {
    if !query.includes("appScreenshotSets") {
        return sparse(
            resources::localization(links, l, None),
            query.fields("appStoreVersionLocalizations").as_deref(),
        );
    }
    let limit = query.limit("limit[appScreenshotSets]", document::DEFAULT_LIMIT);
    let ids: Vec<String> = l.set_ids.iter().take(limit).cloned().collect();
    let set_fields = query.fields("appScreenshotSets");
    included.extend(ids.iter().filter_map(|id| world.sets.get(id)).map(|s| {
        sparse(
            resources::screenshot_set(links, s, None),
            set_fields.as_deref(),
        )
    }));
    sparse(
        resources::localization(links, l, Some(&ids)),
        query.fields("appStoreVersionLocalizations").as_deref(),
    )
}

pub(crate) async fn list(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    uri: Uri,
    RawQuery(raw): RawQuery,
) -> ApiResult {
    let query = Query::parse(
        "GET /v1/appStoreVersions/{id}/appStoreVersionLocalizations",
        raw.as_deref(),
    )?;
    let links = shared.links();
    let state = shared.state.lock().await;
    let world = &state.world;
    let version = world
        .versions
        .get(&id)
        .ok_or_else(|| ApiError::not_found("appStoreVersions", &id))?;
    let locales = query.list("filter[locale]");
    let all: Vec<&Localization> = version
        .localization_ids
        .iter()
        .filter_map(|l| world.localizations.get(l))
        .filter(|l| locales.as_ref().is_none_or(|w| w.contains(&l.locale)))
        .collect();
    let page = document::page(all, &query);
    let mut included = Vec::new();
    let items = page
        .items
        .iter()
        .map(|l| with_sets(world, l, &query, links, &mut included))
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
    let query = Query::parse("GET /v1/appStoreVersionLocalizations/{id}", raw.as_deref())?;
    let links = shared.links();
    let state = shared.state.lock().await;
    let l = state
        .world
        .localizations
        .get(&id)
        .ok_or_else(|| ApiError::not_found("appStoreVersionLocalizations", &id))?;
    let mut included = Vec::new();
    let data = with_sets(&state.world, l, &query, links, &mut included);
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
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    Query::parse("POST /v1/appStoreVersionLocalizations", raw.as_deref())?;
    let entity = body::entity(&bytes, &CREATE)?;
    let locale = entity.string("locale").unwrap_or_default().to_owned();
    let version_id = entity
        .related("appStoreVersion")
        .unwrap_or_default()
        .to_owned();
    let links = shared.links();
    let mut state = shared.state.lock().await;
    let version = state.world.versions.get(&version_id).ok_or_else(|| {
        ApiError::relationship_invalid(
            "/data/relationships/appStoreVersion",
            format!("There is no resource of type 'appStoreVersions' with id '{version_id}'"),
        )
    })?;
    // ASC codes are case-sensitive: `ja`, not `ja-JP`; `zh-Hans`, not `zh-CN`.
    if !Locale::all().any(|l| l.code() == locale) {
        return Err(ApiError::attribute_invalid(
            "locale",
            format!("The language specified is not listed for localization: '{locale}'"),
        ));
    }
    // Apple's schema gives both URLs `format: uri`: an absolute URI, or `null`.
    for name in ["marketingUrl", "supportUrl"] {
        if let Some(value) = entity.string(name)
            && url::Url::parse(value).is_err()
        {
            return Err(ApiError::attribute_invalid(
                name,
                format!("'{value}' is not a valid URL for '{name}'"),
            ));
        }
    }
    if !version.state.is_editable() {
        return Err(ApiError::state_error(format!(
            "The App Store version is in the state {} and its localizations can not be changed.",
            resources::state_name(version.state)
        )));
    }
    let duplicate = version
        .localization_ids
        .iter()
        .filter_map(|l| state.world.localizations.get(l))
        .any(|l| l.locale == locale);
    if duplicate {
        return Err(ApiError::attribute_duplicate("locale", &locale));
    }
    let id = state.new_id();
    let text = |name: &str| entity.string(name).map(str::to_owned);
    let localization = Localization {
        id: id.clone(),
        version_id: version_id.clone(),
        locale,
        description: text("description"),
        keywords: text("keywords"),
        marketing_url: text("marketingUrl"),
        promotional_text: text("promotionalText"),
        support_url: text("supportUrl"),
        whats_new: text("whatsNew"),
        set_ids: Vec::new(),
    };
    let data = resources::localization(links, &localization, None);
    state.world.localizations.insert(id.clone(), localization);
    if let Some(v) = state.world.versions.get_mut(&version_id) {
        v.localization_ids.push(id);
    }
    let self_url = data["links"]["self"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    Ok((
        StatusCode::CREATED,
        Json(document::single(data, Vec::new(), &self_url)),
    ))
}
