//! Write operations. Each parses its input, calls one service function in one transaction,
//! and returns the changed object; a rejected call writes nothing.

use chrono::NaiveDate;
use juniper::graphql_object;

use super::area::Area;
use super::elder::{Elder, ElderReview};
use super::Context;
use crate::domain::area::UrbanRural;
use crate::domain::elder::{ElderFileInput, ServiceStatus};
use crate::error::AppResult;
use crate::service::areas::{self, AreaInput};
use crate::service::elders;

pub struct Mutation;

#[graphql_object(context = Context)]
impl Mutation {
    /// Adds a district, town/street or village/community.
    async fn create_area(ctx: &Context, input: AreaInput) -> AppResult<Area> {
        let now = ctx.stamp().now;
        ctx.run(move |c| areas::create(c, &input, now)).await.map(Area)
    }

    /// Renames a node or changes whether it is urban or rural. Codes never change.
    async fn update_area(
        ctx: &Context,
        code: String,
        name: String,
        urban_rural: Option<UrbanRural>,
    ) -> AppResult<Area> {
        let now = ctx.stamp().now;
        ctx.run(move |c| areas::rename(c, &code, &name, urban_rural, now))
            .await
            .map(Area)
    }

    /// 建档 — registers a new elder file.
    async fn create_elder(ctx: &Context, input: ElderFileInput) -> AppResult<Elder> {
        let stamp = ctx.stamp();
        ctx.run(move |c| {
            let row = elders::create(c, &input, &stamp)?;
            Elder::load_one(c, row)
        })
        .await
    }

    /// Replaces an elder file. `version` is the version the editor read; if the file changed
    /// since, the update is refused with `VERSION_CONFLICT`.
    async fn update_elder(ctx: &Context, id: String, version: i32, input: ElderFileInput) -> AppResult<Elder> {
        let stamp = ctx.stamp();
        ctx.run(move |c| {
            let row = elders::update(c, &id, version, &input, &stamp)?;
            Elder::load_one(c, row)
        })
        .await
    }

    /// Records that an elder refused, died, moved out, entered an institution or came back
    /// into service, from `effectiveOn`.
    async fn change_elder_status(
        ctx: &Context,
        id: String,
        version: i32,
        status: ServiceStatus,
        effective_on: NaiveDate,
        note: Option<String>,
    ) -> AppResult<Elder> {
        let stamp = ctx.stamp();
        ctx.run(move |c| {
            let row = elders::change_status(c, &id, version, status, effective_on, note.as_deref(), &stamp)?;
            Elder::load_one(c, row)
        })
        .await
    }

    /// 半年复核 — records a half-yearly review of an elder file.
    async fn record_elder_review(
        ctx: &Context,
        id: String,
        reviewed_on: NaiveDate,
        reviewer: String,
        note: Option<String>,
    ) -> AppResult<ElderReview> {
        let stamp = ctx.stamp();
        ctx.run(move |c| elders::record_review(c, &id, reviewed_on, &reviewer, note.as_deref(), &stamp))
            .await
            .map(ElderReview)
    }
}
