//! Use cases on the administrative tree. Names and codes of areas are public administrative
//! data: any signed-in account may read the tree; changes need `ManageAreas` over the parent.

use std::collections::HashMap;

use serde_json::json;

use super::audit::{self, Subject};
use super::Call;
use crate::db::models::AreaRow;
use crate::db::{areas, write_transaction, DbConn};
use crate::domain::access::{Permission, Scope};
use crate::domain::area::{AreaCode, AreaLevel, UrbanRural};
use crate::domain::input::{required_text, InvalidInput};
use crate::error::{AppError, AppResult};

/// A new node of the tree as submitted.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "graphql", derive(juniper::GraphQLInputObject))]
pub struct AreaInput {
    /// 行政区划代码: 6 digits for a district, 9 for a town, 12 for a village.
    pub code: String,
    pub name: String,
    /// The parent's code; empty for a district.
    pub parent_code: Option<String>,
    /// For villages and communities.
    pub urban_rural: Option<UrbanRural>,
    /// The village's centre (WGS 84 degrees), for travel distances; both or neither.
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

/// Checks an optional (latitude, longitude) pair: both or neither, in range.
pub fn check_location(errors: &mut InvalidInput, latitude: Option<f64>, longitude: Option<f64>) {
    let in_range = |v: Option<f64>, limit: f64| v.is_none_or(|v| v.is_finite() && v.abs() <= limit);
    if latitude.is_some() != longitude.is_some() || !in_range(latitude, 90.0) || !in_range(longitude, 180.0) {
        errors.add("latitude", "bad_location", "经纬度须同时填写且在有效范围内");
    }
}

fn parse_name(errors: &mut InvalidInput, name: &str) -> Option<String> {
    errors.check("name", required_text(name, 50))
}

/// Reading the tree needs a signed-in account (or the system).
pub fn require_reader(call: &Call) -> AppResult<()> {
    if call.actor.is_signed_in() || call.actor.is_system() {
        Ok(())
    } else {
        Err(AppError::Unauthenticated)
    }
}

/// The districts (the top level of the tree), by code.
pub fn districts(conn: &mut DbConn, call: &Call) -> AppResult<Vec<AreaRow>> {
    require_reader(call)?;
    Ok(areas::children(conn, None)?)
}

/// One node of the tree by its code.
pub fn get(conn: &mut DbConn, call: &Call, code: &str) -> AppResult<Option<AreaRow>> {
    require_reader(call)?;
    Ok(areas::find(conn, code)?)
}

/// The towns of a district or the villages of a town, by code.
pub fn children(conn: &mut DbConn, call: &Call, code: &str) -> AppResult<Vec<AreaRow>> {
    require_reader(call)?;
    Ok(areas::children(conn, Some(code))?)
}

/// 注册选地区 — the districts (no `parent`), or the towns of a district, or the villages of a
/// town, for the self sign-up page. Decision: the only read of the tree open to anonymous
/// callers, because a volunteer chooses their home village before they have an account; names
/// and codes of areas are public administrative data, and nothing else of an area is given.
pub fn sign_up_choices(conn: &mut DbConn, parent: Option<&str>) -> AppResult<Vec<AreaRow>> {
    if let Some(code) = parent {
        let level = InvalidInput::of_field("parentCode", AreaCode::parse(code))?.level();
        if level == AreaLevel::Village {
            return Err(AppError::field(
                "parentCode",
                "not_a_parent",
                "村/社区之下没有可选的地区",
            ));
        }
    }
    Ok(areas::children(conn, parent)?)
}

/// The nodes among `codes` (the villages of a page of elders), by code.
pub fn by_code(conn: &mut DbConn, call: &Call, codes: &[String]) -> AppResult<HashMap<String, AreaRow>> {
    require_reader(call)?;
    Ok(areas::find_many(conn, codes)?
        .into_iter()
        .map(|row| (row.code.clone(), row))
        .collect())
}

/// The actor's scope for `permission` and the area `area_code` names, which must lie inside
/// it: a malformed code is a field error on `areaCode`, an area outside scope `FORBIDDEN`.
pub fn area_in_scope(call: &Call, permission: Permission, area_code: &str) -> AppResult<(Scope, AreaCode)> {
    let scope = call.scope(permission)?;
    let mut errors = InvalidInput::default();
    let area = errors.check("areaCode", AreaCode::parse(area_code));
    let area = errors.finish(|| area)?;
    if !scope.contains_area(&area) {
        return Err(AppError::Forbidden);
    }
    Ok((scope, area))
}

pub fn create(conn: &mut DbConn, call: &Call, input: &AreaInput) -> AppResult<AreaRow> {
    let scope = call.scope(Permission::ManageAreas)?;
    let mut errors = InvalidInput::default();
    let code = errors.check("code", AreaCode::parse(&input.code));
    let name = parse_name(&mut errors, &input.name);
    let parent = match input.parent_code.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        None => Some(None),
        Some(p) => errors.check("parentCode", AreaCode::parse(p)).map(Some),
    };
    if let (Some(code), Some(parent)) = (&code, &parent) {
        errors.check("code", code.check_child_of(parent.as_ref()));
    }
    check_location(&mut errors, input.latitude, input.longitude);
    let (code, name, parent) = errors.finish(|| Some((code?, name?, parent?)))?;
    // A new district has no parent to hold a scope over: only the system creates one.
    let allowed = match &parent {
        Some(parent) => scope.contains_area(parent),
        None => call.actor.is_system(),
    };
    if !allowed {
        return Err(AppError::Forbidden);
    }
    write_transaction(conn, |conn| {
        if let Some(parent) = &parent {
            if areas::find(conn, parent.as_str())?.is_none() {
                return Err(AppError::field(
                    "parentCode",
                    "unknown_area",
                    format!("上级区划 {parent} 不存在"),
                ));
            }
        }
        if areas::find(conn, code.as_str())?.is_some() {
            return Err(AppError::field("code", "duplicate", format!("区划代码 {code} 已存在")));
        }
        let row = AreaRow {
            code: code.as_str().to_string(),
            level: code.level(),
            name: name.clone(),
            parent_code: parent.as_ref().map(|p| p.as_str().to_string()),
            urban_rural: input.urban_rural,
            created_at: call.now,
            updated_at: call.now,
            latitude: input.latitude,
            longitude: input.longitude,
        };
        areas::insert(conn, &row)?;
        let after = json!({"code": row.code, "name": row.name, "level": row.level.as_str()});
        let subject = Subject {
            object_type: "area",
            object_id: Some(&row.code),
            area_code: Some(&row.code),
        };
        audit::record(conn, call, "area.create", subject, None, None, Some(&after))?;
        Ok(row)
    })
}

pub fn rename(
    conn: &mut DbConn,
    call: &Call,
    code: &str,
    name: &str,
    urban_rural: Option<UrbanRural>,
) -> AppResult<AreaRow> {
    let scope = call.scope(Permission::ManageAreas)?;
    let mut errors = InvalidInput::default();
    let parsed = errors.check("code", AreaCode::parse(code));
    let name = parse_name(&mut errors, name);
    let (parsed, name) = errors.finish(|| Some((parsed?, name?)))?;
    if !scope.contains_area(&parsed) {
        return Err(AppError::Forbidden);
    }
    write_transaction(conn, |conn| {
        let before = areas::find(conn, code)?.ok_or(AppError::NotFound { what: "行政区划" })?;
        areas::rename(conn, code, &name, urban_rural, call.now)?;
        let after = areas::find(conn, code)?.ok_or(AppError::NotFound { what: "行政区划" })?;
        let subject = Subject {
            object_type: "area",
            object_id: Some(code),
            area_code: Some(code),
        };
        audit::record(
            conn,
            call,
            "area.update",
            subject,
            None,
            Some(&json!({"name": before.name, "urbanRural": before.urban_rural.map(UrbanRural::as_str)})),
            Some(&json!({"name": after.name, "urbanRural": after.urban_rural.map(UrbanRural::as_str)})),
        )?;
        Ok(after)
    })
}

/// The village a file names, which must exist and be a village.
pub fn require_village(conn: &mut DbConn, field: &str, code: &AreaCode) -> AppResult<AreaRow> {
    match areas::find(conn, code.as_str())? {
        Some(row) if row.level == AreaLevel::Village => Ok(row),
        Some(_) => Err(AppError::field(
            field,
            "not_a_village",
            format!("{code} 不是村/社区级区划"),
        )),
        None => Err(AppError::field(
            field,
            "unknown_village",
            format!("村/社区 {code} 不存在"),
        )),
    }
}
