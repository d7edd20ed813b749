//! Organisations, their members, a provider's contracts and monthly statements (issue #20, 1.).

use chrono::NaiveDate;
use juniper::graphql_object;

use super::Context;
use crate::db::organisations::{ContractRow, MemberRow, OrganisationRow};
use crate::domain::slot::OrganisationKind;
use crate::error::AppResult;
use crate::service::organisations::{self as service, Statement};

/// 区划名称 — an area's name for people, who are shown no codes; `null` if it is not in the tree.
async fn area_name(ctx: &Context, code: &str) -> AppResult<Option<String>> {
    let codes = vec![code.to_string()];
    let found = ctx
        .run_call(move |c, call| crate::service::areas::by_code(c, call, &codes))
        .await?;
    Ok(found.into_values().next().map(|area| area.name))
}

pub struct Organisation(pub OrganisationRow);

#[graphql_object(context = Context, description = "组织 — a school, 社工站, volunteer team, provider or office")]
impl Organisation {
    fn id(&self) -> &str {
        self.0.id.as_str()
    }
    fn kind(&self) -> OrganisationKind {
        self.0.kind
    }
    fn name(&self) -> &str {
        &self.0.name
    }
    /// Where it is registered.
    fn area_code(&self) -> &str {
        &self.0.area_code
    }
    /// The name of the area where it is registered.
    async fn area_name(&self, ctx: &Context) -> AppResult<Option<String>> {
        area_name(ctx, &self.0.area_code).await
    }
    /// 成员 — its members, admins first; `null` unless you are staff of its area or its admin.
    async fn members(&self, ctx: &Context) -> AppResult<Option<Vec<OrganisationMember>>> {
        let id = self.0.id.clone();
        let rows = ctx.run_call(move |c, call| service::members(c, call, &id)).await?;
        Ok(rows.map(|rows| rows.into_iter().map(OrganisationMember).collect()))
    }
    /// 服务合同 — a provider's contracts, the latest first; `null` for the same callers.
    async fn contracts(&self, ctx: &Context) -> AppResult<Option<Vec<ServiceContract>>> {
        let id = self.0.id.clone();
        let rows = ctx.run_call(move |c, call| service::contracts(c, call, &id)).await?;
        Ok(rows.map(|rows| rows.into_iter().map(ServiceContract).collect()))
    }
}

/// A member with their name.
pub struct OrganisationMember(pub (MemberRow, String));

#[graphql_object(context = Context, description = "组织成员")]
impl OrganisationMember {
    fn user_id(&self) -> &str {
        self.0 .0.user_id.as_str()
    }
    fn display_name(&self) -> &str {
        &self.0 .1
    }
    /// Whether they manage the organisation's members.
    fn is_admin(&self) -> bool {
        self.0 .0.is_admin
    }
}

/// 我的组织 — an organisation the caller belongs to.
pub struct Membership(pub (OrganisationRow, MemberRow));

#[graphql_object(context = Context, description = "我的组织 — an organisation you belong to")]
impl Membership {
    fn organisation(&self) -> Organisation {
        Organisation(self.0 .0.clone())
    }
    /// Whether you manage its members (and read its contracts' statements).
    fn is_admin(&self) -> bool {
        self.0 .1.is_admin
    }
}

pub struct ServiceContract(pub ContractRow);

#[graphql_object(context = Context, description = "服务合同 — a provider's purchase-of-service contract")]
impl ServiceContract {
    fn id(&self) -> &str {
        self.0.id.as_str()
    }
    fn organisation_id(&self) -> &str {
        self.0.organisation_id.as_str()
    }
    fn area_code(&self) -> &str {
        &self.0.area_code
    }
    /// The name of the area it serves.
    async fn area_name(&self, ctx: &Context) -> AppResult<Option<String>> {
        area_name(ctx, &self.0.area_code).await
    }
    fn starts_on(&self) -> NaiveDate {
        self.0.starts_on
    }
    fn ends_on(&self) -> NaiveDate {
        self.0.ends_on
    }
    fn promised_visits(&self) -> i32 {
        self.0.promised_visits
    }
    fn promised_minutes(&self) -> f64 {
        self.0.promised_minutes as f64
    }
}

fn int(n: i64) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

pub struct ContractStatement(pub Statement);

#[graphql_object(
    context = Context,
    description = "月度服务报表 — what a provider delivered in a month against what was promised"
)]
impl ContractStatement {
    fn contract(&self) -> ServiceContract {
        ServiceContract(self.0.contract.clone())
    }
    fn month(&self) -> String {
        self.0.month.to_string()
    }
    /// The month's share of the visits promised (spread evenly over the contract's months).
    fn promised_visits(&self) -> i32 {
        int(self.0.promised_visits)
    }
    fn promised_minutes(&self) -> f64 {
        self.0.promised_minutes as f64
    }
    /// Accepted visits of the members in the contract's area.
    fn visits(&self) -> i32 {
        int(self.0.visits)
    }
    fn minutes(&self) -> f64 {
        self.0.minutes as f64
    }
    /// Distinct elders the visits reached.
    fn elders(&self) -> i32 {
        int(self.0.elders)
    }
    /// Records sent back or rejected in review.
    fn returned_or_rejected(&self) -> i32 {
        int(self.0.returned_or_rejected)
    }
    /// Spot checks of the month, and those found 存疑 or 不属实.
    fn spot_checked(&self) -> i32 {
        int(self.0.spot_checked)
    }
    fn spot_failed(&self) -> i32 {
        int(self.0.spot_failed)
    }
}
