//! 市级总览 — the city's districts side by side ([`crate::service::city`]).

use juniper::graphql_object;

use super::policy::AreaCoverage;
use super::Context;
use crate::service::city::{CityOverview as Overview, DistrictFigures as Figures};

pub struct CityOverview(pub Overview);

#[graphql_object(context = Context, description = "市级总览 — a city's districts side by side in one month")]
impl CityOverview {
    fn code(&self) -> &str {
        &self.0.code
    }
    /// 市名, e.g. 江门市.
    fn name(&self) -> &str {
        &self.0.name
    }
    fn month(&self) -> String {
        self.0.month.to_string()
    }
    /// One row per district in the caller's scope, by code.
    fn districts(&self) -> Vec<DistrictFigures> {
        self.0.districts.iter().cloned().map(DistrictFigures).collect()
    }
}

pub struct DistrictFigures(pub Figures);

#[graphql_object(
    context = Context,
    description = "区县汇总 — one district's figures of the month, on its own pack"
)]
impl DistrictFigures {
    fn code(&self) -> &str {
        &self.0.code
    }
    fn name(&self) -> &str {
        &self.0.name
    }
    /// The pack the district runs in the month; `null` when it has chosen none.
    fn pack_id(&self) -> Option<&str> {
        self.0.pack_id.as_deref()
    }
    /// 政策包名称.
    fn pack_name(&self) -> Option<&str> {
        self.0.pack_name.as_deref()
    }
    /// The district's own coverage total (both rates and their counts; for a closed month as
    /// reported); `null` without a pack.
    fn coverage(&self) -> Option<AreaCoverage> {
        self.0.coverage.clone().map(AreaCoverage)
    }
    /// Whether the month is closed.
    fn closed(&self) -> bool {
        self.0.closed
    }
    /// 逾期名单人数 — elders with a requirement of the month overdue.
    fn overdue_elders(&self) -> i32 {
        i32::try_from(self.0.overdue_elders).unwrap_or(i32::MAX)
    }
    /// 处置中个案 — risk cases open now.
    fn cases_open(&self) -> i32 {
        i32::try_from(self.0.cases_open).unwrap_or(i32::MAX)
    }
    /// 超时个案 — open risk cases past their due time.
    fn cases_past_due(&self) -> i32 {
        i32::try_from(self.0.cases_past_due).unwrap_or(i32::MAX)
    }
    /// 入账时长 — minutes credited in the month for accepted visits, net of reversals.
    fn minutes_credited(&self) -> i32 {
        i32::try_from(self.0.minutes_credited).unwrap_or(i32::MAX)
    }
}
