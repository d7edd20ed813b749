//! `Area`: a node of the administrative tree.

use chrono::{DateTime, Utc};
use juniper::graphql_object;

use super::Context;
use crate::db::models::AreaRow;
use crate::domain::area::{AreaLevel, UrbanRural};
use crate::error::AppResult;
use crate::service;

pub struct Area(pub AreaRow);

#[graphql_object(context = Context, description = "行政区划 — a district, town/street or village/community")]
impl Area {
    /// 行政区划代码
    fn code(&self) -> &str {
        &self.0.code
    }

    fn name(&self) -> &str {
        &self.0.name
    }

    fn level(&self) -> Option<AreaLevel> {
        Some(self.0.level)
    }

    fn parent_code(&self) -> Option<&str> {
        self.0.parent_code.as_deref()
    }

    fn urban_rural(&self) -> Option<UrbanRural> {
        self.0.urban_rural
    }
    /// The village's centre (WGS 84 degrees), when known.
    fn latitude(&self) -> Option<f64> {
        self.0.latitude
    }
    fn longitude(&self) -> Option<f64> {
        self.0.longitude
    }

    fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at.and_utc()
    }

    fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at.and_utc()
    }

    async fn parent(&self, ctx: &Context) -> AppResult<Option<Area>> {
        let Some(parent) = self.0.parent_code.clone() else {
            return Ok(None);
        };
        let row = ctx
            .run_call(move |c, call| service::areas::get(c, call, &parent))
            .await?;
        Ok(row.map(Area))
    }

    /// Towns of a district, villages of a town, ordered by code.
    async fn children(&self, ctx: &Context) -> AppResult<Vec<Area>> {
        let code = self.0.code.clone();
        let rows = ctx
            .run_call(move |c, call| service::areas::children(c, call, &code))
            .await?;
        Ok(rows.into_iter().map(Area).collect())
    }

    /// 表样 — the forms the pack in force in this area's district names today (none before a
    /// pack is chosen): which print and export buttons to offer.
    async fn forms(&self, ctx: &Context) -> AppResult<super::policy::Forms> {
        let code = self.0.code.clone();
        let forms = ctx
            .run_call(move |c, call| service::exports::forms_of_area(c, call, &code))
            .await?;
        Ok(super::policy::Forms(forms))
    }
}
