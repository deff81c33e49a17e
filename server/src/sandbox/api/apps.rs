//! `GET /v1/apps`, `GET /v1/apps/{id}` and `GET /v1/apps/{id}/appStoreVersions`.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::Uri;
use serde_json::Value;

use super::document::{self, Links, sparse};
use super::error::ApiError;
use super::query::Query;
use super::resources::{self, app_store_state, platform_name, state_name};
use crate::sandbox::state::Shared;
use crate::sandbox::world::{App, Version, World};

pub(crate) type ApiResult = Result<Json<Value>, ApiError>;

fn any_of(filter: Option<&Vec<String>>, value: &str) -> bool {
    filter.is_none_or(|wanted| wanted.iter().any(|w| w == value))
}

fn version_matches(query: &Query, prefix: &str, v: &Version) -> bool {
    any_of(
        query.list(&format!("filter[{prefix}platform]")).as_ref(),
        platform_name(v.platform),
    ) && any_of(
        query
            .list(&format!("filter[{prefix}appVersionState]"))
            .as_ref(),
        &state_name(v.state),
    ) && any_of(
        query
            .list(&format!("filter[{prefix}appStoreState]"))
            .as_ref(),
        app_store_state(v.state),
    )
}

/// Versions of an app included with `include=appStoreVersions`.
fn included_versions(world: &World, app: &App, query: &Query, links: Links<'_>) -> Vec<Value> {
    let fields = query.fields("appStoreVersions");
    app.version_ids
        .iter()
        .filter_map(|id| world.versions.get(id))
        .take(query.limit("limit[appStoreVersions]", document::DEFAULT_LIMIT))
        .map(|v| sparse(resources::version(links, v), fields.as_deref()))
        .collect()
}

fn app_resource(app: &App, query: &Query, links: Links<'_>) -> Value {
    let mut resource = resources::app(links, app);
    if query.includes("appStoreVersions") {
        let ids: Vec<Value> = app
            .version_ids
            .iter()
            .take(query.limit("limit[appStoreVersions]", document::DEFAULT_LIMIT))
            .map(|id| document::linkage("appStoreVersions", id))
            .collect();
        resource["relationships"]["appStoreVersions"]["data"] = Value::Array(ids);
    }
    sparse(resource, query.fields("apps").as_deref())
}

pub(crate) async fn list(
    State(shared): State<Arc<Shared>>,
    uri: Uri,
    RawQuery(raw): RawQuery,
) -> ApiResult {
    let query = Query::parse("GET /v1/apps", raw.as_deref())?;
    let links = shared.links();
    let state = shared.state.lock().await;
    let world = &state.world;
    let mut apps: Vec<&App> = world
        .apps
        .iter()
        .filter(|a| any_of(query.list("filter[bundleId]").as_ref(), &a.bundle_id))
        .filter(|a| any_of(query.list("filter[id]").as_ref(), &a.id))
        .filter(|a| any_of(query.list("filter[name]").as_ref(), &a.name))
        .filter(|a| any_of(query.list("filter[sku]").as_ref(), &a.sku))
        .filter(|a| {
            let versioned = ["platform", "appVersionState", "appStoreState"]
                .iter()
                .any(|f| {
                    query
                        .list(&format!("filter[appStoreVersions.{f}]"))
                        .is_some()
                });
            !versioned
                || a.version_ids
                    .iter()
                    .filter_map(|id| world.versions.get(id))
                    .any(|v| version_matches(&query, "appStoreVersions.", v))
        })
        .collect();
    if let Some(sort) = query.list("sort").and_then(|s| s.into_iter().next()) {
        let descending = sort.starts_with('-');
        apps.sort_by(|a, b| {
            let key = |x: &App| match sort.trim_start_matches('-') {
                "bundleId" => x.bundle_id.clone(),
                "sku" => x.sku.clone(),
                _ => x.name.clone(),
            };
            let order = key(a).cmp(&key(b));
            if descending { order.reverse() } else { order }
        });
    }
    let page = document::page(apps, &query);
    let mut included = Vec::new();
    if query.includes("appStoreVersions") {
        for app in &page.items {
            included.extend(included_versions(world, app, &query, links));
        }
    }
    let items = page
        .items
        .iter()
        .map(|a| app_resource(a, &query, links))
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
    let query = Query::parse("GET /v1/apps/{id}", raw.as_deref())?;
    let links = shared.links();
    let state = shared.state.lock().await;
    let app = state
        .world
        .app(&id)
        .ok_or_else(|| ApiError::not_found("apps", &id))?;
    let included = if query.includes("appStoreVersions") {
        included_versions(&state.world, app, &query, links)
    } else {
        Vec::new()
    };
    let data = app_resource(app, &query, links);
    Ok(Json(document::single(
        data,
        included,
        &links.request(uri.path(), query.pairs()),
    )))
}

pub(crate) async fn versions(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    uri: Uri,
    RawQuery(raw): RawQuery,
) -> ApiResult {
    let query = Query::parse("GET /v1/apps/{id}/appStoreVersions", raw.as_deref())?;
    let links = shared.links();
    let state = shared.state.lock().await;
    let world = &state.world;
    let app = world
        .app(&id)
        .ok_or_else(|| ApiError::not_found("apps", &id))?;
    let versions: Vec<&Version> = app
        .version_ids
        .iter()
        .filter_map(|v| world.versions.get(v))
        .filter(|v| version_matches(&query, "", v))
        .filter(|v| {
            any_of(
                query.list("filter[versionString]").as_ref(),
                &v.version_string,
            )
        })
        .filter(|v| any_of(query.list("filter[id]").as_ref(), &v.id))
        .collect();
    let page = document::page(versions, &query);
    let fields = query.fields("appStoreVersions");
    let loc_limit = query.limit(
        "limit[appStoreVersionLocalizations]",
        document::DEFAULT_LIMIT,
    );
    let mut included = Vec::new();
    let mut data = Vec::new();
    for v in &page.items {
        let mut resource = resources::version(links, v);
        if query.includes("appStoreVersionLocalizations") {
            let ids: Vec<&String> = v.localization_ids.iter().take(loc_limit).collect();
            resource["relationships"]["appStoreVersionLocalizations"]["data"] = ids
                .iter()
                .map(|l| document::linkage("appStoreVersionLocalizations", l))
                .collect::<Vec<_>>()
                .into();
            let loc_fields = query.fields("appStoreVersionLocalizations");
            included.extend(
                ids.iter()
                    .filter_map(|l| world.localizations.get(*l))
                    .map(|l| {
                        sparse(
                            resources::localization(links, l, None),
                            loc_fields.as_deref(),
                        )
                    }),
            );
        }
        if query.includes("app") {
            resource["relationships"]["app"]["data"] = document::linkage("apps", &app.id);
        }
        data.push(sparse(resource, fields.as_deref()));
    }
    if query.includes("app") && !data.is_empty() {
        included.push(sparse(
            resources::app(links, app),
            query.fields("apps").as_deref(),
        ));
    }
    let page = page.with_items(data);
    Ok(Json(document::paged(
        links,
        uri.path(),
        &query,
        page,
        included,
    )))
}
