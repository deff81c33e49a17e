//! Request bodies, checked like Apple checks them: a JSON:API document whose `data` has the
//! expected `type`, only known members, attributes of the right JSON type, required attributes
//! and relationships present, linkages of the right type.

use serde_json::{Map, Value};

use super::error::ApiError;

/// The JSON type an attribute must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    String,
    Integer,
    Boolean,
}

/// One attribute a request may carry.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Attr {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
    /// `null` is accepted (and means "no value").
    pub nullable: bool,
}

/// One to-one relationship a request may carry.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rel {
    pub name: &'static str,
    pub resource_type: &'static str,
    pub required: bool,
}

/// What a create or update request of one resource type looks like.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Shape<'a> {
    pub resource_type: &'a str,
    /// Updates carry the id, which must match the path; creates must not.
    pub id: Option<&'a str>,
    pub attributes: &'a [Attr],
    pub relationships: &'a [Rel],
    /// Whether `attributes` itself must be present.
    pub attributes_required: bool,
}

/// A checked entity.
#[derive(Debug, Default)]
pub(crate) struct Entity {
    pub attributes: Map<String, Value>,
    /// Relationship name → linked id.
    pub relationships: Map<String, Value>,
}

impl Entity {
    pub fn string(&self, name: &str) -> Option<&str> {
        self.attributes.get(name).and_then(Value::as_str)
    }

    pub fn integer(&self, name: &str) -> Option<i64> {
        self.attributes.get(name).and_then(Value::as_i64)
    }

    pub fn boolean(&self, name: &str) -> Option<bool> {
        self.attributes.get(name).and_then(Value::as_bool)
    }

    pub fn related(&self, name: &str) -> Option<&str> {
        self.relationships.get(name).and_then(Value::as_str)
    }
}

/// Parses the bytes as a JSON document, or Apple's 400.
pub(crate) fn json(bytes: &[u8]) -> Result<Value, ApiError> {
    serde_json::from_slice(bytes)
        .map_err(|e| ApiError::entity_invalid(format!("The request body is not valid JSON: {e}")))
}

fn object<'a>(value: &'a Value, pointer: &str) -> Result<&'a Map<String, Value>, ApiError> {
    value.as_object().ok_or_else(|| {
        ApiError::unprocessable(
            format!("The value at '{pointer}' must be an object."),
            pointer,
        )
    })
}

fn only_members(map: &Map<String, Value>, allowed: &[&str], pointer: &str) -> Result<(), ApiError> {
    match map.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(key) => Err(ApiError::unprocessable(
            format!("'{key}' is not a valid member of '{pointer}'."),
            &format!("{pointer}/{key}"),
        )),
        None => Ok(()),
    }
}

/// Checks a create or update document against `shape`.
pub(crate) fn entity(bytes: &[u8], shape: &Shape<'_>) -> Result<Entity, ApiError> {
    let doc = json(bytes)?;
    let top = object(&doc, "")?;
    only_members(top, &["data"], "")?;
    let data = object(top.get("data").ok_or_else(|| missing("/data"))?, "/data")?;
    only_members(
        data,
        &["type", "id", "attributes", "relationships"],
        "/data",
    )?;

    let kind = data.get("type").ok_or_else(|| missing("/data/type"))?;
    if kind.as_str() != Some(shape.resource_type) {
        return Err(ApiError::unprocessable(
            format!(
                "The type {kind} is not valid here; expected '{}'.",
                shape.resource_type
            ),
            "/data/type",
        ));
    }
    match (shape.id, data.get("id")) {
        (Some(path_id), Some(Value::String(id))) if id == path_id => {}
        (Some(_), Some(id)) => {
            return Err(ApiError::id_mismatch(format!(
                "The id {id} in the request body does not match the id in the URL."
            )));
        }
        (Some(_), None) => return Err(missing("/data/id")),
        (None, Some(_)) => {
            return Err(ApiError::unprocessable(
                "An id can not be provided when creating this resource.",
                "/data/id",
            ));
        }
        (None, None) => {}
    }

    let mut entity = Entity::default();
    match data.get("attributes") {
        Some(attrs) => {
            let attrs = object(attrs, "/data/attributes")?;
            entity.attributes = check_attributes(attrs, shape)?;
        }
        None if shape.attributes_required => return Err(missing("/data/attributes")),
        None => {}
    }
    for attr in shape.attributes {
        if attr.required && entity.attributes.get(attr.name).is_none_or(Value::is_null) {
            return Err(ApiError::attribute_required(attr.name));
        }
    }
    if let Some(rels) = data.get("relationships") {
        let rels = object(rels, "/data/relationships")?;
        entity.relationships = check_relationships(rels, shape)?;
    }
    for rel in shape.relationships {
        if rel.required && !entity.relationships.contains_key(rel.name) {
            return Err(ApiError::relationship_required(rel.name));
        }
    }
    Ok(entity)
}

fn missing(pointer: &str) -> ApiError {
    ApiError::unprocessable(format!("The request is missing '{pointer}'."), pointer)
}

fn check_attributes(
    attrs: &Map<String, Value>,
    shape: &Shape<'_>,
) -> Result<Map<String, Value>, ApiError> {
    for (name, value) in attrs {
        let pointer = format!("/data/attributes/{name}");
        let Some(attr) = shape.attributes.iter().find(|a| a.name == name) else {
            return Err(ApiError::unknown_attribute(name, shape.resource_type));
        };
        let fits = match (attr.kind, value) {
            (_, Value::Null) => attr.nullable || attr.required,
            (Kind::String, Value::String(_)) | (Kind::Boolean, Value::Bool(_)) => true,
            (Kind::Integer, Value::Number(n)) => n.is_i64(),
            _ => false,
        };
        if !fits {
            return Err(ApiError::unprocessable(
                format!("The value of '{name}' must be of type {:?}.", attr.kind).to_lowercase(),
                &pointer,
            ));
        }
    }
    Ok(attrs.clone())
}

fn check_relationships(
    rels: &Map<String, Value>,
    shape: &Shape<'_>,
) -> Result<Map<String, Value>, ApiError> {
    let mut linked = Map::new();
    for (name, value) in rels {
        let pointer = format!("/data/relationships/{name}");
        let Some(rel) = shape.relationships.iter().find(|r| r.name == name) else {
            return Err(ApiError::unknown_relationship(name, shape.resource_type));
        };
        let rel_obj = object(value, &pointer)?;
        only_members(rel_obj, &["data"], &pointer)?;
        let data_pointer = format!("{pointer}/data");
        let data = object(
            rel_obj.get("data").ok_or_else(|| missing(&data_pointer))?,
            &data_pointer,
        )?;
        only_members(data, &["type", "id"], &data_pointer)?;
        let id = data
            .get("id")
            .and_then(Value::as_str)
            .ok_or_else(|| missing(&format!("{data_pointer}/id")))?;
        if data.get("type").and_then(Value::as_str) != Some(rel.resource_type) {
            return Err(ApiError::relationship_invalid(
                &pointer,
                format!(
                    "The relationship '{name}' must link a resource of type '{}'.",
                    rel.resource_type
                ),
            ));
        }
        linked.insert(name.clone(), Value::String(id.to_owned()));
    }
    Ok(linked)
}

/// Checks a to-many linkages document (`{"data":[{type, id}, …]}`) and returns the ids.
pub(crate) fn linkages(bytes: &[u8], resource_type: &str) -> Result<Vec<String>, ApiError> {
    let doc = json(bytes)?;
    let top = object(&doc, "")?;
    only_members(top, &["data"], "")?;
    let data = top.get("data").ok_or_else(|| missing("/data"))?;
    let items = data
        .as_array()
        .ok_or_else(|| ApiError::unprocessable("'/data' must be an array of linkages.", "/data"))?;
    let mut ids = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let pointer = format!("/data/{i}");
        let obj = object(item, &pointer)?;
        only_members(obj, &["type", "id"], &pointer)?;
        let id = obj
            .get("id")
            .and_then(Value::as_str)
            .ok_or_else(|| missing(&format!("{pointer}/id")))?;
        if obj.get("type").and_then(Value::as_str) != Some(resource_type) {
            return Err(ApiError::relationship_invalid(
                &pointer,
                format!("Every linkage must be of type '{resource_type}'."),
            ));
        }
        ids.push(id.to_owned());
    }
    Ok(ids)
}
