//! JSON:API documents as ASC sends them: resource objects with `links.self`, single-resource and
//! paged documents (`links.self`/`links.next`, `meta.paging`), sparse fieldsets.

use serde_json::{Map, Value, json};
use url::Url;

use super::query::{Query, encode_cursor};

/// Builds the absolute URLs of one sandbox.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Links<'a> {
    pub base: &'a Url,
}

impl crate::sandbox::state::Shared {
    /// Links to this sandbox's resources.
    pub(crate) fn links(&self) -> Links<'_> {
        Links {
            base: &self.base_url,
        }
    }
}

impl Links<'_> {
    /// `…/v1/<path>` (path without the leading `/v1/`).
    pub fn v1(&self, path: &str) -> String {
        format!("{}v1/{path}", self.base)
    }

    pub fn resource(&self, resource_type: &str, id: &str) -> String {
        self.v1(&format!("{resource_type}/{id}"))
    }

    /// `{links: {self, related}}` of a relationship.
    pub fn relationship(&self, resource_type: &str, id: &str, name: &str) -> Value {
        json!({ "links": {
            "self": self.v1(&format!("{resource_type}/{id}/relationships/{name}")),
            "related": self.v1(&format!("{resource_type}/{id}/{name}")),
        }})
    }

    /// The request's own URL: `path` as sent (leading `/`) and its query pairs.
    pub fn request(&self, path: &str, pairs: &[(String, String)]) -> String {
        let mut url = format!("{}{}", self.base, path.trim_start_matches('/'));
        if !pairs.is_empty() {
            url.push('?');
            url.push_str(
                &url::form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(pairs)
                    .finish(),
            );
        }
        url
    }
}

/// `{type, id}`.
pub(crate) fn linkage(resource_type: &str, id: &str) -> Value {
    json!({ "type": resource_type, "id": id })
}

/// Keeps only the attributes and relationships named in `fields` (if given).
pub(crate) fn sparse(mut resource: Value, fields: Option<&[String]>) -> Value {
    let Some(fields) = fields else {
        return resource;
    };
    for member in ["attributes", "relationships"] {
        if let Some(Value::Object(map)) = resource.get_mut(member) {
            map.retain(|k, _| fields.iter().any(|f| f == k));
            if map.is_empty()
                && let Some(obj) = resource.as_object_mut()
            {
                obj.remove(member);
            }
        }
    }
    resource
}

/// `{data, included?, links: {self}}`.
pub(crate) fn single(data: Value, included: Vec<Value>, self_url: &str) -> Value {
    let mut doc = Map::new();
    doc.insert("data".into(), data);
    if !included.is_empty() {
        doc.insert("included".into(), Value::Array(included));
    }
    doc.insert("links".into(), json!({ "self": self_url }));
    Value::Object(doc)
}

/// One page of a collection, cut by `limit` and `cursor`.
#[derive(Debug)]
pub(crate) struct Page<T> {
    pub items: Vec<T>,
    pub total: usize,
    pub limit: usize,
    pub next_offset: Option<usize>,
}

impl<T> Page<T> {
    /// The same page of the listing, its items rendered as `items`.
    pub(crate) fn with_items<U>(&self, items: Vec<U>) -> Page<U> {
        Page {
            items,
            total: self.total,
            limit: self.limit,
            next_offset: self.next_offset,
        }
    }
}

/// Apple's default page size when no `limit` is given.
pub(crate) const DEFAULT_LIMIT: usize = 50;

pub(crate) fn page<T>(all: Vec<T>, query: &Query) -> Page<T> {
    let total = all.len();
    let limit = query.limit("limit", DEFAULT_LIMIT);
    let offset = query.offset().min(total);
    let items: Vec<T> = all.into_iter().skip(offset).take(limit).collect();
    let end = offset + items.len();
    Page {
        items,
        total,
        limit,
        next_offset: (end < total).then_some(end),
    }
}

/// `{data: [...], included?, links: {self, next?}, meta: {paging}}`.
pub(crate) fn paged(
    links: Links<'_>,
    path: &str,
    query: &Query,
    page: Page<Value>,
    included: Vec<Value>,
) -> Value {
    let self_url = links.request(path, query.pairs());
    let mut link_map = Map::new();
    link_map.insert("self".into(), Value::String(self_url));
    let mut paging = json!({ "total": page.total, "limit": page.limit });
    if let Some(next) = page.next_offset {
        let cursor = encode_cursor(next);
        let mut pairs: Vec<(String, String)> = query
            .pairs()
            .iter()
            .filter(|(k, _)| k != "cursor")
            .cloned()
            .collect();
        pairs.push(("cursor".into(), cursor.clone()));
        if !pairs.iter().any(|(k, _)| k == "limit") {
            pairs.push(("limit".into(), page.limit.to_string()));
        }
        link_map.insert("next".into(), Value::String(links.request(path, &pairs)));
        paging["nextCursor"] = Value::String(cursor);
    }
    let mut doc = Map::new();
    doc.insert("data".into(), Value::Array(page.items));
    if !included.is_empty() {
        doc.insert("included".into(), Value::Array(included));
    }
    doc.insert("links".into(), Value::Object(link_map));
    doc.insert("meta".into(), json!({ "paging": paging }));
    Value::Object(doc)
}
