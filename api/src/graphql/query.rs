//! Read operations.

use juniper::graphql_object;

use super::area::Area;
use super::connection::{decode_cursor, page_size};
use super::elder::{Elder, ElderConnection, ElderFilterInput};
use super::Context;
use crate::db::{areas, elders};
use crate::error::{AppError, AppResult};

pub struct Query;

#[graphql_object(context = Context)]
impl Query {
    /// The districts (top level of the administrative tree).
    async fn districts(ctx: &Context) -> AppResult<Vec<Area>> {
        let rows = ctx.run(|c| Ok(areas::children(c, None)?)).await?;
        Ok(rows.into_iter().map(Area).collect())
    }

    /// One node of the administrative tree by its code.
    async fn area(ctx: &Context, code: String) -> AppResult<Option<Area>> {
        Ok(ctx.run(move |c| Ok(areas::find(c, &code)?)).await?.map(Area))
    }

    /// One elder file.
    async fn elder(ctx: &Context, id: String) -> AppResult<Option<Elder>> {
        ctx.run(move |c| match elders::find(c, &id)? {
            Some(row) => Ok(Some(Elder::load_one(c, row)?)),
            None => Ok(None),
        })
        .await
    }

    /// Elder files, a page at a time in a stable order, narrowed by `filter`.
    async fn elders(
        ctx: &Context,
        first: Option<i32>,
        after: Option<String>,
        filter: Option<ElderFilterInput>,
    ) -> AppResult<ElderConnection> {
        let limit = page_size(first)?;
        let after = after.map(|a| decode_cursor("elder", &a)).transpose()?;
        let filter = filter.unwrap_or_default().parse()?;
        ctx.run(move |c| ElderConnection::load(c, filter, after.as_deref(), limit))
            .await
    }

    /// Liveness of the API and its database (also at `GET /health`).
    async fn health(ctx: &Context) -> AppResult<String> {
        ctx.run(crate::db::ping)
            .await
            .map(|()| "ok".to_string())
            .map_err(|e| match e {
                AppError::Database(_) => AppError::Unavailable("database did not answer".into()),
                other => other,
            })
    }
}
