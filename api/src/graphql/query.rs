//! Read operations. Each goes through a service function that applies the caller's scope.

use juniper::graphql_object;

use super::account::{Account, AccountConnection, AuditEntry, FamilyView, NotificationSetting};
use super::area::Area;
use super::city::CityOverview;
use super::connection::{decode_cursor, encode_cursor, page_size, page_size_up_to, PageInfo};
use super::contact::SlotContact;
use super::elder::{Elder, ElderCheckConnection, ElderConnection, ElderFactTimeline, ElderFilterInput};
use super::ledger::{
    CareGiverChoice, CareService, LedgerAccount, LedgerTransfer, ServiceCertification, StudentServiceHours,
    TimeBankRecipient,
};
use super::pairing::{Contact, NotificationEntry};
use super::policy::{
    DeclaredSurge, ElderMonth, ElderPeriod, MonthCoverage, OverdueConnection, OverdueEdge, OverdueElder, Pack,
    PackChoice, SurgeCalendarEntry, TierAssignment,
};
use super::record::{Notification, RecordDraft, RiskCase, SpotCheck, VisitRecordConnection, VisitRecordNode};
use super::slot::{
    CoVisitorChoice, ItemScale, NearbySlot, NearbySlotConnection, PlanProposal, VisitSlot, VisitorNoShows,
    VisitorProfile,
};
use super::Context;
use crate::domain::access::{AccountStatus, Role};
use crate::domain::id::{AccountId, CaseId, ElderId, LedgerAccountId, RecordId, SlotId, TransferId};
use crate::domain::period::{Month, Period, PeriodKind};
use crate::domain::record::RecordStatus;
use crate::domain::slot::SlotStatus;
use crate::error::{AppError, AppResult};
use crate::service;
use crate::service::cases::CaseStatus;

pub struct Query;

#[graphql_object(context = Context)]
impl Query {
    /// The signed-in account.
    async fn me(ctx: &Context) -> AppResult<Account> {
        ctx.run_call(service::sessions::me).await.map(Account)
    }

    /// 通知设置 — each kind of message your role receives: whether it is on, whether it may
    /// be switched off, and how it comes.
    async fn notification_settings(ctx: &Context) -> AppResult<Vec<NotificationSetting>> {
        let rows = ctx.run_call(service::preferences::settings).await?;
        Ok(rows.into_iter().map(NotificationSetting).collect())
    }

    /// 注册选地区 — for the self sign-up page, open without signing in: the districts (no
    /// `parentCode`), the towns of a district, or the villages of a town. Only `code` and `name`
    /// may be read this way.
    async fn sign_up_areas(ctx: &Context, parent_code: Option<String>) -> AppResult<Vec<Area>> {
        let rows = ctx
            .run(move |c| service::areas::sign_up_choices(c, parent_code.as_deref()))
            .await?;
        Ok(rows.into_iter().map(Area).collect())
    }

    /// The districts (top level of the administrative tree).
    async fn districts(ctx: &Context) -> AppResult<Vec<Area>> {
        let rows = ctx.run_call(service::areas::districts).await?;
        Ok(rows.into_iter().map(Area).collect())
    }

    /// One node of the administrative tree by its code.
    async fn area(ctx: &Context, code: String) -> AppResult<Option<Area>> {
        let row = ctx.run_call(move |c, call| service::areas::get(c, call, &code)).await?;
        Ok(row.map(Area))
    }

    /// One elder file in your scope.
    async fn elder(ctx: &Context, id: String) -> AppResult<Option<Elder>> {
        let id = ElderId::from(id);
        ctx.run_call(move |c, call| match service::elders::get(c, call, &id)? {
            Some(row) => Ok(Some(Elder::load_one(c, call, row)?)),
            None => Ok(None),
        })
        .await
    }

    /// Elder files in your scope, a page at a time in a stable order, narrowed by `filter`.
    async fn elders(
        ctx: &Context,
        first: Option<i32>,
        after: Option<String>,
        filter: Option<ElderFilterInput>,
    ) -> AppResult<ElderConnection> {
        let limit = page_size(first)?;
        let after = after
            .map(|a| decode_cursor("elder", &a))
            .transpose()?
            .map(ElderId::from);
        let filter = filter.unwrap_or_default().parse()?;
        ctx.run_call(move |c, call| ElderConnection::load(c, call, filter, after.as_ref(), limit))
            .await
    }

    /// 待复核 — the elders in service of an area in your scope whose half-yearly review falls
    /// due by the end of this month or is overdue, the longest overdue first (the list the
    /// monthly 半年复核提醒 sends). Recording the review (`recordElderReview`) takes the elder off.
    async fn reviews_due(ctx: &Context, area_code: String) -> AppResult<Vec<super::elder::ReviewDue>> {
        let rows = ctx
            .run_call(move |c, call| service::elders::reviews_due(c, call, &area_code))
            .await?;
        let today = ctx.call().today;
        Ok(rows
            .into_iter()
            .map(|row| super::elder::ReviewDue { row, today })
            .collect())
    }

    /// 待核实名单 — elders under service of an area in your scope with a family member whose
    /// condition is described only in words (the health note speaks of 失能、失智、残疾 … and no
    /// ability, dementia or disability is recorded). The policy packs never read the note:
    /// record the member's condition and the elder leaves the list at once (it is computed on
    /// every read). A page at a time, by elder; needs the permission to read health.
    async fn elders_needing_check(
        ctx: &Context,
        area_code: String,
        first: Option<i32>,
        after: Option<String>,
    ) -> AppResult<ElderCheckConnection> {
        let limit = page_size(first)?;
        let after = after
            .map(|a| decode_cursor("check", &a))
            .transpose()?
            .map(ElderId::from);
        ctx.run_call(move |c, call| ElderCheckConnection::load(c, call, area_code, after.as_ref(), limit))
            .await
    }

    /// Accounts in your scope (organizers: their area; school admins: their students); `role`
    /// and `status` narrow the list (the organizer's 志愿者 page: `role: VISITOR`).
    async fn accounts(
        ctx: &Context,
        first: Option<i32>,
        after: Option<String>,
        status: Option<AccountStatus>,
        role: Option<Role>,
    ) -> AppResult<AccountConnection> {
        let limit = page_size(first)?;
        let after = after
            .map(|a| decode_cursor("account", &a))
            .transpose()?
            .map(AccountId::from);
        ctx.run_call(move |c, call| {
            let mut rows = service::accounts::page(c, call, status, role, after.as_ref(), limit + 1)?;
            let has_next_page = rows.len() as i64 > limit;
            rows.truncate(usize::try_from(limit).unwrap_or(0));
            Ok(AccountConnection::new(rows, has_next_page))
        })
        .await
    }

    /// The audit log of your scope, newest first.
    async fn audit_log(
        ctx: &Context,
        first: Option<i32>,
        after: Option<String>,
        object_id: Option<String>,
    ) -> AppResult<Vec<AuditEntry>> {
        let limit = page_size(first)?;
        let after = after.map(|a| decode_cursor("audit", &a)).transpose()?;
        let rows = ctx
            .run_call(move |c, call| service::audit::page(c, call, object_id.as_deref(), after.as_deref(), limit))
            .await?;
        Ok(rows.into_iter().map(AuditEntry).collect())
    }

    /// 发送失败的通知 — messages of your area that could not be sent after every try, with
    /// the error, newest first (district admins and town organizers, for their area).
    async fn dead_letters(ctx: &Context, first: Option<i32>, after: Option<String>) -> AppResult<Vec<Notification>> {
        let limit = page_size(first)?;
        let rows = ctx
            .run_call(move |c, call| service::outbox::dead_letters(c, call, after.as_deref(), limit))
            .await?;
        Ok(rows.into_iter().map(Notification).collect())
    }

    /// For a family account: the elder you follow, where the elder agreed to share.
    async fn my_elder(ctx: &Context) -> AppResult<Option<FamilyView>> {
        let row = ctx.run_call(service::elders::followed_by_family).await?;
        Ok(row.map(FamilyView))
    }

    /// The built-in policy packs (政策包).
    fn policy_packs(ctx: &Context) -> Vec<Pack> {
        service::policies::packs(&ctx.call())
            .iter()
            .cloned()
            .map(Pack)
            .collect()
    }

    /// A district's choices of policy pack, oldest first; the one in force on a day is the
    /// latest whose `effectiveFrom` is not after it.
    async fn district_policy_history(ctx: &Context, district_code: String) -> AppResult<Vec<PackChoice>> {
        let rows = ctx
            .run_call(move |c, call| service::policies::history(c, call, &district_code))
            .await?;
        Ok(rows.into_iter().map(PackChoice).collect())
    }

    /// The tier an elder in your scope holds on `on` (default today) under the pack in force
    /// then, with the rule that put them there; `null` when the district has no pack yet.
    async fn elder_tier(
        ctx: &Context,
        elder_id: String,
        on: Option<chrono::NaiveDate>,
    ) -> AppResult<Option<TierAssignment>> {
        let elder_id = ElderId::from(elder_id);
        let found = ctx
            .run_call(move |c, call| {
                let day = on.unwrap_or(call.today);
                service::policies::elder_tier(c, call, &elder_id, day)
            })
            .await?;
        Ok(found.map(|(pack_id, tier)| TierAssignment { pack_id, tier }))
    }

    /// 事实时间线 — what the policy packs read of an elder in your scope, through time, with
    /// the tier of each span and the changes as recorded. Needs the permission to read health.
    async fn elder_fact_timeline(ctx: &Context, elder_id: String) -> AppResult<ElderFactTimeline> {
        let elder_id = ElderId::from(elder_id);
        let (spans, changes) = ctx
            .run_call(move |c, call| service::policies::fact_timeline(c, call, &elder_id))
            .await?;
        Ok(ElderFactTimeline { spans, changes })
    }

    /// 月度达标情况 — an elder's requirements in `month` (`2026-11`) under the pack in force on
    /// its first day, with the accepted visits that count; `null` when the district has no pack.
    async fn elder_compliance(ctx: &Context, elder_id: String, month: String) -> AppResult<Option<ElderMonth>> {
        let elder_id = ElderId::from(elder_id);
        let month =
            Month::parse(&month).ok_or_else(|| AppError::field("month", "bad_month", "月份格式应为 2026-11"))?;
        let found = ctx
            .run_call(move |c, call| service::policies::elder_compliance(c, call, &elder_id, month))
            .await?;
        Ok(found.map(ElderMonth))
    }

    /// 周期达标情况 — an elder's requirements for the period of `kind` containing `day` (e.g.
    /// HALF_MONTH and 2026-11-20: 16–30 November) under the pack in force on its first day, with
    /// the surges whose window ends in it; `null` when the district has no pack.
    async fn elder_period_compliance(
        ctx: &Context,
        elder_id: String,
        kind: PeriodKind,
        day: chrono::NaiveDate,
    ) -> AppResult<Option<ElderPeriod>> {
        let elder_id = ElderId::from(elder_id);
        let period = Period::containing(kind, day);
        let found = ctx
            .run_call(move |c, call| service::policies::elder_period_compliance(c, call, &elder_id, period))
            .await?;
        Ok(found.map(ElderPeriod))
    }

    /// 加密探访列表 — surges declared for an area in your scope, above it or inside it, whose
    /// window overlaps `from`–`to` (default: this year), withdrawn ones included.
    async fn surges(
        ctx: &Context,
        area_code: String,
        from: Option<chrono::NaiveDate>,
        to: Option<chrono::NaiveDate>,
    ) -> AppResult<Vec<DeclaredSurge>> {
        let found = ctx
            .run_call(move |c, call| {
                let year = Period::containing(PeriodKind::Year, call.today);
                let (from, to) = (from.unwrap_or(year.start), to.unwrap_or(year.end));
                service::policies::surges(c, call, &area_code, from, to)
            })
            .await?;
        Ok(found.into_iter().map(DeclaredSurge).collect())
    }

    /// 加密探访提示 — for a banner: the surges running today or starting within a week in your
    /// own area (a visitor's: the town they claim in), festival windows of the pack included;
    /// whole-area surges only (never a single elder's), withdrawn ones left out. Empty for
    /// roles without an area of work.
    async fn surges_now(ctx: &Context) -> AppResult<Vec<SurgeCalendarEntry>> {
        let found = ctx.run_call(service::policies::surges_now).await?;
        Ok(found.into_iter().map(SurgeCalendarEntry).collect())
    }

    /// 加密探访日历 — for an area in your scope and a year: the festival windows of the district's
    /// pack (each under the pack in force on the first day of the month it ends in) and the
    /// surges declared for the area, above it or inside it (single-elder surges included,
    /// withdrawn ones marked), by first day.
    async fn surge_calendar(ctx: &Context, area_code: String, year: i32) -> AppResult<Vec<SurgeCalendarEntry>> {
        let found = ctx
            .run_call(move |c, call| service::policies::surge_calendar(c, call, &area_code, year))
            .await?;
        Ok(found.into_iter().map(SurgeCalendarEntry).collect())
    }

    /// 我的探访人员档案 — the signed-in visitor's profile, if saved.
    async fn my_visitor_profile(ctx: &Context) -> AppResult<Option<VisitorProfile>> {
        let found = ctx.run_call(service::slots::my_profile).await?;
        Ok(found.map(VisitorProfile))
    }

    /// A visitor's profile, for an organizer whose area holds the visitor's account.
    async fn visitor_profile(ctx: &Context, user_id: String) -> AppResult<Option<VisitorProfile>> {
        let user_id = AccountId::from(user_id);
        let found = ctx
            .run_call(move |c, call| service::slots::profile_of(c, call, &user_id))
            .await?;
        Ok(found.map(VisitorProfile))
    }

    /// 附近可认领 — open slots in your area starting within `days` days (default 14), nearest
    /// first (from your location, or your home village, to the elder's village), then by
    /// window; `inPerson` filters by mode.
    async fn open_slots_near_me(
        ctx: &Context,
        days: Option<i32>,
        in_person: Option<bool>,
    ) -> AppResult<Vec<NearbySlot>> {
        let days = i64::from(days.unwrap_or(14));
        let found = ctx
            .run_call(move |c, call| {
                let (slots, distances): (Vec<_>, Vec<_>) = service::slots::open_near_me(c, call, days, in_person)?
                    .into_iter()
                    .unzip();
                Ok((service::slots::with_elders(c, call, slots)?, distances))
            })
            .await?;
        let (slots, distances) = found;
        Ok(VisitSlot::list(slots)
            .into_iter()
            .zip(distances)
            .map(|(slot, distance_m)| NearbySlot { slot, distance_m })
            .collect())
    }

    /// 附近可认领 a page at a time — the open slots of `openSlotsNearMe` (same order, same
    /// `days` and `inPerson`), only those within `withinM` metres when given: at most `first`
    /// (default 20, at most 100) after the cursor `after`, with the count on all pages.
    async fn nearby_slots(
        ctx: &Context,
        days: Option<i32>,
        in_person: Option<bool>,
        within_m: Option<i32>,
        first: Option<i32>,
        after: Option<String>,
    ) -> AppResult<NearbySlotConnection> {
        let days = i64::from(days.unwrap_or(14));
        let limit = usize::try_from(page_size(first)?).unwrap_or(0);
        let after = match after {
            Some(cursor) => Some(
                service::slots::NearbyKey::decode(&decode_cursor("nearby", &cursor)?)
                    .ok_or_else(|| AppError::field("after", "bad_cursor", "分页游标无效 (invalid cursor)"))?,
            ),
            None => None,
        };
        let within_m = within_m.map(i64::from);
        let (page, slots) = ctx
            .run_call(move |c, call| {
                let page =
                    service::slots::open_near_me_page(c, call, days, in_person, within_m, after.as_ref(), limit)?;
                let rows = page.slots.iter().map(|(slot, _, _)| slot.clone()).collect();
                let slots = service::slots::with_elders(c, call, rows)?;
                Ok((page, slots))
            })
            .await?;
        let edges = VisitSlot::list(slots)
            .into_iter()
            .zip(&page.slots)
            .map(|(slot, (_, distance_m, key))| {
                let node = NearbySlot {
                    slot,
                    distance_m: *distance_m,
                };
                (encode_cursor("nearby", &key.encode()), node)
            })
            .collect();
        Ok(NearbySlotConnection {
            edges,
            has_next_page: page.has_next,
            total_count: page.total,
        })
    }

    /// 评价量表 — for a slot you hold, the scale each graded item of the visit form uses: the
    /// one of the district's paper record form (its pack's `[forms] record`); items the form
    /// has no row for take the scale of the rest of their section.
    async fn visit_form_scales(ctx: &Context, slot_id: String) -> AppResult<Vec<ItemScale>> {
        let slot_id = SlotId::from(slot_id);
        let found = ctx
            .run_call(move |c, call| service::slots::form_scales(c, call, &slot_id))
            .await?;
        Ok(found
            .into_iter()
            .map(|(item, scale)| ItemScale {
                item: item.to_string(),
                scale: scale.as_str().to_string(),
            })
            .collect())
    }

    /// 同行成年人 — the adults you may name as co-visitor (`claimSlot(coVisitorId:)`) of an
    /// open slot of your area: approved adult visitors of your school, and those who serve
    /// where the slot is; same school first. A minor needs one for an in-person slot.
    async fn co_visitor_choices(ctx: &Context, slot_id: String) -> AppResult<Vec<CoVisitorChoice>> {
        let slot_id = SlotId::from(slot_id);
        let found = ctx
            .run_call(move |c, call| service::slots::co_visitor_choices(c, call, &slot_id))
            .await?;
        Ok(found.into_iter().map(CoVisitorChoice).collect())
    }

    /// 联系老人 — how the holder (or co-visitor) of a claimed slot reaches its elder: the
    /// phone for a phone or video slot, the address and first emergency contact for an
    /// in-person slot. From the day before the window opens until it ends; each showing is
    /// written to the audit log. Refused on `slotId` otherwise.
    async fn slot_contact(ctx: &Context, slot_id: String) -> AppResult<SlotContact> {
        let slot_id = crate::domain::id::SlotId::from(slot_id);
        ctx.run_call(move |c, call| service::contacts::slot_contact(c, call, &slot_id))
            .await
            .map(SlotContact)
    }

    /// 我的日程 — the slots you hold whose window has not passed.
    async fn my_schedule(ctx: &Context) -> AppResult<Vec<VisitSlot>> {
        let found = ctx
            .run_call(|c, call| {
                let slots = service::slots::my_schedule(c, call)?;
                service::slots::with_elders(c, call, slots)
            })
            .await?;
        Ok(VisitSlot::list(found))
    }

    /// 探访时段 — an area's slots of `month`, for organizers: optionally of one status, or only
    /// the open ones whose window ends within `unclaimedDueWithinDays` days (临期未认领). A page
    /// at a time, in window order: at most `first` slots (500 when not given, and at most 500);
    /// `after` is the `id` of the last slot seen. A page shorter than `first` is the last.
    async fn visit_slots(
        ctx: &Context,
        month: String,
        area_code: String,
        status: Option<SlotStatus>,
        unclaimed_due_within_days: Option<i32>,
        first: Option<i32>,
        after: Option<String>,
    ) -> AppResult<Vec<VisitSlot>> {
        let month =
            Month::parse(&month).ok_or_else(|| AppError::field("month", "bad_month", "月份格式应为 2026-11"))?;
        let query = service::slots::SlotQuery {
            status,
            unclaimed_due_within_days: unclaimed_due_within_days.map(i64::from),
            after: after.map(SlotId::from),
            first: Some(page_size_up_to(first, service::slots::MAX_SLOT_PAGE)?),
        };
        let found = ctx
            .run_call(move |c, call| {
                let slots = service::slots::area_slots(c, call, month, &area_code, &query)?;
                service::slots::with_elders(c, call, slots)
            })
            .await?;
        Ok(VisitSlot::list(found))
    }

    /// 未到 — an area's claimed slots of `month` whose window has ended with no visit record,
    /// no contact attempt and no release (no-shows), in window order (at most 500).
    async fn no_show_slots(ctx: &Context, month: String, area_code: String) -> AppResult<Vec<VisitSlot>> {
        let month =
            Month::parse(&month).ok_or_else(|| AppError::field("month", "bad_month", "月份格式应为 2026-11"))?;
        let found = ctx
            .run_call(move |c, call| {
                let slots = service::slots::no_shows(c, call, month, &area_code)?;
                service::slots::with_elders(c, call, slots)
            })
            .await?;
        Ok(VisitSlot::list(found))
    }

    /// 我的培训、表彰、评价 — the signed-in visitor's own record besides service.
    async fn my_volunteer_record(ctx: &Context) -> AppResult<super::training::VolunteerRecord> {
        let found = ctx
            .run_call(|c, call| service::training::record_of(c, call, None))
            .await?;
        Ok(super::training::VolunteerRecord(found))
    }

    /// 培训、表彰、评价 — a visitor of your area's record besides service (organizers and
    /// village staff).
    async fn volunteer_record(ctx: &Context, visitor_id: String) -> AppResult<super::training::VolunteerRecord> {
        let visitor_id = AccountId::from(visitor_id);
        let found = ctx
            .run_call(move |c, call| service::training::record_of(c, call, Some(&visitor_id)))
            .await?;
        Ok(super::training::VolunteerRecord(found))
    }

    /// 培训记录 — the sessions your office and those below it recorded, latest first (200 at
    /// most), each with how many attended.
    async fn training_sessions(ctx: &Context) -> AppResult<Vec<super::training::TrainingSession>> {
        let found = ctx.run_call(service::training::sessions_held).await?;
        Ok(found
            .into_iter()
            .map(|(named, n)| super::training::TrainingSession {
                row: named.row,
                office: named.office,
                attendee_count: Some(i32::try_from(n).unwrap_or(i32::MAX)),
            })
            .collect())
    }

    /// 未到情况 — the visitors of your area with a no-show marked or their monthly capacity
    /// halved, by name: each one's no-shows and the district's rule.
    async fn no_shows_by_visitor(ctx: &Context) -> AppResult<Vec<VisitorNoShows>> {
        let found = ctx.run_call(service::no_shows::by_visitor).await?;
        Ok(found.into_iter().map(VisitorNoShows).collect())
    }

    /// 结对联系人 — an elder's responsible contact: the one an organizer named, or the village
    /// staff by default; `null` when the village has no active staff account.
    async fn responsible_contact(ctx: &Context, elder_id: String) -> AppResult<Option<Contact>> {
        let elder_id = ElderId::from(elder_id);
        let found = ctx
            .run_call(move |c, call| service::pairings::responsible_contact(c, call, &elder_id))
            .await?;
        Ok(found.map(Contact))
    }

    /// 通知顺序 — who is told of a major risk found on a visit, in order: children, close
    /// relatives, then the responsible contact.
    async fn notification_order(ctx: &Context, elder_id: String) -> AppResult<Vec<NotificationEntry>> {
        let elder_id = ElderId::from(elder_id);
        let found = ctx
            .run_call(move |c, call| service::pairings::notification_order(c, call, &elder_id))
            .await?;
        Ok(found.into_iter().map(NotificationEntry).collect())
    }

    /// 规划方案 — who should take which open slot of `month` in an area of your scope: as many
    /// slots covered as possible, then the least travel, visitors the elder knows preferred;
    /// with the shortfall per village. Nothing is assigned until you accept.
    async fn plan_proposal(ctx: &Context, month: String, area_code: String) -> AppResult<PlanProposal> {
        let month =
            Month::parse(&month).ok_or_else(|| AppError::field("month", "bad_month", "月份格式应为 2026-11"))?;
        ctx.run_call(move |c, call| service::plan::proposal(c, call, month, &area_code))
            .await
            .map(PlanProposal)
    }

    /// 覆盖情况 — the monthly visit rate (月探访率) and counts for an area in your scope and each
    /// town and village in it; `null` when the district has no pack for the month.
    async fn coverage(ctx: &Context, month: String, area_code: String) -> AppResult<Option<MonthCoverage>> {
        let month =
            Month::parse(&month).ok_or_else(|| AppError::field("month", "bad_month", "月份格式应为 2026-11"))?;
        let found = ctx
            .run_call(move |c, call| service::policies::coverage(c, call, month, &area_code))
            .await?;
        Ok(found.map(MonthCoverage))
    }

    /// 市级总览 — your city's districts side by side in `month`, each on its own pack: both
    /// rates, the overdue counts, risk cases open and past due, hours credited. `cityCode`
    /// (4 digits) defaults to the city of your own place. Needs the figures permission (city
    /// and district admins); a district admin sees their own district's row.
    async fn city_overview(ctx: &Context, month: String, city_code: Option<String>) -> AppResult<CityOverview> {
        let month =
            Month::parse(&month).ok_or_else(|| AppError::field("month", "bad_month", "月份格式应为 2026-11"))?;
        ctx.run_call(move |c, call| service::city::overview(c, call, month, city_code.as_deref()))
            .await
            .map(CityOverview)
    }

    /// 逾期名单 — elders of an area in your scope with a requirement of `month` overdue, the
    /// longest overdue first.
    async fn overdue_elders(
        ctx: &Context,
        month: String,
        area_code: String,
        first: Option<i32>,
        after: Option<String>,
    ) -> AppResult<OverdueConnection> {
        let month =
            Month::parse(&month).ok_or_else(|| AppError::field("month", "bad_month", "月份格式应为 2026-11"))?;
        let limit = usize::try_from(page_size(first)?).unwrap_or(0);
        let offset = match after {
            Some(cursor) => decode_cursor("overdue", &cursor)?
                .parse::<usize>()
                .map_err(|_| AppError::field("after", "bad_cursor", "分页游标无效 (invalid cursor)"))?,
            None => 0,
        };
        ctx.run_call(move |c, call| {
            let all = service::policies::overdue(c, call, month, &area_code)?;
            let total_count = i32::try_from(all.len()).unwrap_or(i32::MAX);
            let has_next_page = all.len() > offset + limit;
            let page: Vec<_> = all.into_iter().skip(offset).take(limit).collect();
            let ids: Vec<ElderId> = page.iter().map(|entry| entry.elder_id.clone()).collect();
            let rows = service::elders::get_many(c, call, &ids)?;
            // Both in the order of `ids`; an entry whose file is gone since is left out.
            let page: Vec<_> = page
                .into_iter()
                .filter(|entry| rows.iter().any(|row| row.id == entry.elder_id))
                .collect();
            let elders = Elder::load_page(c, call, rows)?;
            let edges: Vec<OverdueEdge> = page
                .into_iter()
                .zip(elders)
                .enumerate()
                .map(|(i, (entry, elder))| OverdueEdge {
                    cursor: encode_cursor("overdue", &(offset + i + 1).to_string()),
                    node: OverdueElder {
                        elder,
                        month: entry.month,
                        days_overdue: entry.days_overdue,
                    },
                })
                .collect();
            let end_cursor = edges.last().map(|e| e.cursor.clone());
            Ok(OverdueConnection {
                edges,
                page_info: PageInfo {
                    has_next_page,
                    end_cursor,
                },
                total_count,
            })
        })
        .await
    }

    /// Liveness of the API and its database (also at `GET /health`).
    async fn health(ctx: &Context) -> AppResult<String> {
        ctx.run(service::health::check).await.map(|()| "ok".to_string())
    }

    /// 探访记录 — one record: in full for staff in scope and its own visitor (a full read of
    /// someone else's record is audited), date/mode/status only for another visitor.
    async fn visit_record(ctx: &Context, id: String) -> AppResult<VisitRecordNode> {
        let id = RecordId::from(id);
        ctx.run_call(move |c, call| service::records::get(c, call, &id))
            .await
            .map(VisitRecordNode)
    }

    /// Records in an area (default: your whole scope), newest first; `mine` for the records
    /// you submitted or made; `status: SUBMITTED` is the review queue.
    async fn visit_records(
        ctx: &Context,
        area_code: Option<String>,
        elder_id: Option<String>,
        status: Option<RecordStatus>,
        mine: Option<bool>,
        first: Option<i32>,
        after: Option<String>,
    ) -> AppResult<VisitRecordConnection> {
        let limit = page_size(first)?;
        let after = after
            .map(|a| decode_cursor("record", &a))
            .transpose()?
            .map(RecordId::from);
        let elder_id = elder_id.map(ElderId::from);
        let mut rows = ctx
            .run_call(move |c, call| {
                let filter = service::records::RecordFilter {
                    area_code: area_code.as_deref(),
                    elder_id: elder_id.as_ref(),
                    mine: mine.unwrap_or(false),
                    status,
                };
                service::records::page(c, call, &filter, after.as_ref(), limit + 1)
            })
            .await?;
        let has_next_page = rows.len() as i64 > limit;
        rows.truncate(usize::try_from(limit).unwrap_or(0));
        Ok(VisitRecordConnection {
            edges: rows.into_iter().map(VisitRecordNode).collect(),
            has_next_page,
        })
    }

    /// 探访历史 — an elder's records, newest first (masked per scope as in `visitRecord`).
    async fn elder_visit_history(
        ctx: &Context,
        elder_id: String,
        first: Option<i32>,
        after: Option<String>,
    ) -> AppResult<VisitRecordConnection> {
        Self::visit_records(ctx, None, Some(elder_id), None, None, first, after).await
    }

    /// 我的草稿 — the records you started and have not submitted.
    async fn my_record_drafts(ctx: &Context) -> AppResult<Vec<RecordDraft>> {
        let rows = ctx.run_call(service::records::my_drafts).await?;
        Ok(rows.into_iter().map(|(row, body)| RecordDraft(row, body)).collect())
    }

    /// 个案看板 — risk cases of an area in your scope, most urgent first.
    async fn risk_cases(ctx: &Context, area_code: String, status: Option<CaseStatus>) -> AppResult<Vec<RiskCase>> {
        let rows = ctx
            .run_call(move |c, call| service::cases::board(c, call, &area_code, status))
            .await?;
        Ok(RiskCase::page(rows))
    }

    /// 我的个案 — the open cases you own.
    async fn my_cases(ctx: &Context) -> AppResult<Vec<RiskCase>> {
        let rows = ctx.run_call(service::cases::mine).await?;
        Ok(RiskCase::page(rows))
    }

    async fn risk_case(ctx: &Context, id: String) -> AppResult<RiskCase> {
        let id = CaseId::from(id);
        ctx.run_call(move |c, call| service::cases::get(c, call, &id))
            .await
            .map(RiskCase::one)
    }

    /// 抽查样本 — the month's drawn sample of your district (empty until drawn).
    async fn spot_check_sample(ctx: &Context, month: String) -> AppResult<Vec<SpotCheck>> {
        let rows = ctx
            .run_call(move |c, call| service::spot_checks::sample(c, call, &month))
            .await?;
        Ok(rows.into_iter().map(SpotCheck).collect())
    }

    /// 受赠人 — the account to give time-bank hours to (or to credit for redeemed care), found
    /// by its username and registered name; an input error on `name` unless both match.
    async fn time_bank_recipient(ctx: &Context, username: String, name: String) -> AppResult<TimeBankRecipient> {
        let row = ctx
            .run_call(move |c, call| service::ledger::recipient(c, call, &username, &name))
            .await?;
        Ok(TimeBankRecipient(row))
    }

    /// 我的账户 — your time-bank and service-credit accounts with their balances.
    async fn my_ledger_accounts(ctx: &Context) -> AppResult<Vec<LedgerAccount>> {
        let rows = ctx.run_call(service::ledger::my_accounts).await?;
        Ok(rows.into_iter().map(LedgerAccount).collect())
    }

    /// The school of a school admin or student (its name and credit rule); `null` for others.
    async fn my_school(ctx: &Context) -> AppResult<Option<super::account::School>> {
        let row = ctx.run_call(service::accounts::my_school).await?;
        Ok(row.map(super::account::School))
    }

    /// 关爱账户 — a key elder's care account in your scope (`null` before the first grant); its
    /// statement is `ledgerStatement(accountId)`.
    async fn elder_care_account(ctx: &Context, elder_id: String) -> AppResult<Option<LedgerAccount>> {
        let elder_id = ElderId::from(elder_id);
        let row = ctx
            .run_call(move |c, call| service::ledger::elder_care_account(c, call, &elder_id))
            .await?;
        Ok(row.map(LedgerAccount))
    }

    /// 辖区组织 — the organisations registered in an area (schools, 社工站, teams, providers),
    /// for staff who approve its visitors.
    async fn organisations(ctx: &Context, area_code: String) -> AppResult<Vec<super::organisation::Organisation>> {
        let rows = ctx
            .run_call(move |c, call| service::organisations::in_area(c, call, &area_code))
            .await?;
        Ok(rows.into_iter().map(super::organisation::Organisation).collect())
    }

    /// 我的组织 — the organisations you belong to.
    async fn my_organisations(ctx: &Context) -> AppResult<Vec<super::organisation::Membership>> {
        let rows = ctx.run_call(service::organisations::mine).await?;
        Ok(rows.into_iter().map(super::organisation::Membership).collect())
    }

    /// 月度服务报表 — what a provider delivered in a month of its contract (`2026-11`), against
    /// the month's share of what was promised; for the district's staff whose area holds the
    /// contract's, and the provider's admin members.
    async fn contract_statement(
        ctx: &Context,
        contract_id: String,
        month: String,
    ) -> AppResult<super::organisation::ContractStatement> {
        let id = crate::domain::id::ContractId::from(contract_id);
        let month =
            Month::parse(&month).ok_or_else(|| AppError::field("month", "bad_month", "月份格式应为 2026-11"))?;
        let statement = ctx
            .run_call(move |c, call| service::organisations::statement(c, call, &id, month))
            .await?;
        Ok(super::organisation::ContractStatement(statement))
    }

    /// 志愿者概况 — the visitors whose home lies in an area, each with what they did in a period
    /// (`2026-11`, `2026-H2`): visits, minutes, care given, no-shows, training, last active; the
    /// most visits first unless `sortBy` says otherwise. For the visitors' organizers. The same
    /// rows download from `/exports/volunteers?area=&period=`.
    async fn volunteer_overview(
        ctx: &Context,
        area_code: String,
        period: String,
        sort_by: Option<service::overview::VolunteerSort>,
    ) -> AppResult<Vec<super::ledger::VolunteerSummary>> {
        let period = service::figure_exports::parse_period(Some(&period))?;
        let sort = sort_by.unwrap_or(service::overview::VolunteerSort::Visits);
        let (_, rows) = ctx
            .run_call(move |c, call| service::overview::volunteers(c, call, &area_code, &period, sort))
            .await?;
        Ok(rows.into_iter().map(super::ledger::VolunteerSummary).collect())
    }

    /// 成员概况 — an organisation's members, each with what they did in a period, as in
    /// `volunteerOverview`; for those who manage it (staff of its area, its admin members).
    /// The same rows download from `/exports/volunteers?organisation=&period=`.
    async fn organisation_overview(
        ctx: &Context,
        organisation_id: String,
        period: String,
        sort_by: Option<service::overview::VolunteerSort>,
    ) -> AppResult<Vec<super::ledger::VolunteerSummary>> {
        let period = service::figure_exports::parse_period(Some(&period))?;
        let sort = sort_by.unwrap_or(service::overview::VolunteerSort::Visits);
        let id = crate::domain::id::OrganisationId::from(organisation_id);
        let (_, rows) = ctx
            .run_call(move |c, call| service::overview::members(c, call, &id, &period, sort))
            .await?;
        Ok(rows.into_iter().map(super::ledger::VolunteerSummary).collect())
    }

    /// 我的志愿服务记录 (民政部令第67号) — your accepted visits and the care you gave freely
    /// from `from` to `to` (at most a year), newest first: when, where, what, the minutes
    /// counted (as a proof counts them), the organiser, and a visit's latest correction request.
    async fn my_service_record(
        ctx: &Context,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> AppResult<Vec<super::ledger::ServiceRecordEntry>> {
        let rows = ctx
            .run_call(move |c, call| service::proofs::my_record(c, call, from, to))
            .await?;
        Ok(rows.into_iter().map(super::ledger::ServiceRecordEntry).collect())
    }

    /// 我的未到 — your own no-shows, your district's rule, and the halving of your monthly
    /// capacity in force, if any (an organizer restores it). Visitors only.
    async fn my_no_shows(ctx: &Context) -> AppResult<VisitorNoShows> {
        let found = ctx.run_call(service::no_shows::mine).await?;
        Ok(VisitorNoShows(found))
    }

    /// 可记录服务的老人 — the elders you may record care for: whose slot you held, or whom you
    /// visited, in the last 30 days. Visitors only.
    async fn my_care_elders(ctx: &Context) -> AppResult<Vec<super::ledger::CareElder>> {
        let rows = ctx.run_call(service::care::my_care_elders).await?;
        Ok(rows.into_iter().map(super::ledger::CareElder).collect())
    }

    /// 志愿服务记录证明 — the proofs offices issued to you, newest first.
    async fn my_service_proofs(ctx: &Context) -> AppResult<Vec<super::ledger::ServiceProof>> {
        let rows = ctx.run_call(service::proofs::my_proofs).await?;
        Ok(rows.into_iter().map(|r| super::ledger::ServiceProof(r, None)).collect())
    }

    /// 已出具的证明 — the proofs your office issued (a town: and its villages), newest first;
    /// with `from` and `to`, those whose period ends between them.
    async fn issued_service_proofs(
        ctx: &Context,
        from: Option<chrono::NaiveDate>,
        to: Option<chrono::NaiveDate>,
    ) -> AppResult<Vec<super::ledger::ServiceProof>> {
        let period = match (from, to) {
            (Some(from), Some(to)) => Some((from, to)),
            (None, None) => None,
            _ => return Err(AppError::field("to", "invalid", "请同时给出开始日和结束日")),
        };
        let rows = ctx
            .run_call(move |c, call| service::proofs::issued(c, call, period))
            .await?;
        Ok(rows
            .into_iter()
            .map(|(r, name)| super::ledger::ServiceProof(r, Some(name)))
            .collect())
    }

    /// 更正申请 — visitors' requests to correct a visit's minutes, on visits your office
    /// organised: every pending one (oldest first), then the last decided.
    async fn service_correction_inbox(ctx: &Context) -> AppResult<Vec<super::ledger::ServiceCorrection>> {
        let rows = ctx.run_call(service::proofs::correction_inbox).await?;
        Ok(rows
            .into_iter()
            .map(|(r, name, at)| super::ledger::ServiceCorrection(r, Some((name, at))))
            .collect())
    }

    /// 服务记录 — the care services given to an elder in your area, newest first.
    async fn elder_care_services(ctx: &Context, elder_id: String) -> AppResult<Vec<CareService>> {
        let elder_id = ElderId::from(elder_id);
        let rows = ctx
            .run_call(move |c, call| service::care::of_elder(c, call, &elder_id))
            .await?;
        Ok(rows.into_iter().map(CareService::on_file).collect())
    }

    /// 服务项目 — the kinds of care you may record for an elder (staff of the elder's area, or
    /// a visitor tied to the elder): the platform's seven, then the further kinds the pack of
    /// the elder's district lists, each with its name and whether it earns time.
    async fn care_kinds(ctx: &Context, elder_id: String) -> AppResult<Vec<super::ledger::CareKindChoice>> {
        let elder_id = ElderId::from(elder_id);
        let rows = ctx
            .run_call(move |c, call| service::care::kinds(c, call, &elder_id))
            .await?;
        Ok(rows.into_iter().map(super::ledger::CareKindChoice).collect())
    }

    /// 服务人员 — the active visitors of an elder's town (without `elderId`: of your office's
    /// town), who may be named as having given a service or be issued a proof, by name. For
    /// the staff who record care there.
    async fn care_giver_choices(ctx: &Context, elder_id: Option<String>) -> AppResult<Vec<CareGiverChoice>> {
        let elder_id = elder_id.map(ElderId::from);
        let rows = ctx
            .run_call(move |c, call| service::care::givers(c, call, elder_id.as_ref()))
            .await?;
        Ok(rows
            .into_iter()
            .map(|(id, name)| CareGiverChoice {
                id: id.as_str().to_string(),
                name,
            })
            .collect())
    }

    /// 服务记录 — the care services you received for your time-bank hours or gave.
    async fn my_care_services(ctx: &Context) -> AppResult<Vec<CareService>> {
        let rows = ctx.run_call(service::ledger::my_care_services).await?;
        Ok(rows.into_iter().map(CareService::of).collect())
    }

    /// 流水 — an account's transfers, newest first (your own accounts; a school admin: the
    /// school's students' service credit; staff: the care accounts of elders in scope). `after` is the `id` of the last transfer seen.
    async fn ledger_statement(
        ctx: &Context,
        account_id: String,
        first: Option<i32>,
        after: Option<String>,
    ) -> AppResult<Vec<LedgerTransfer>> {
        let limit = page_size(first)?;
        let account_id = LedgerAccountId::from(account_id);
        let after = after.map(TransferId::from);
        let rows = ctx
            .run_call(move |c, call| {
                service::ledger::statement(c, call, &account_id, after.as_ref(), limit).map(|rows| (rows, account_id))
            })
            .await?;
        let (rows, account_id) = rows;
        Ok(rows
            .into_iter()
            .map(|row| LedgerTransfer {
                row,
                account_id: account_id.clone(),
            })
            .collect())
    }

    /// 学生服务时长 — your school's students with service hours in `term` (`2026-autumn`).
    async fn school_service_hours(ctx: &Context, term: String) -> AppResult<Vec<StudentServiceHours>> {
        let rows = ctx
            .run_call(move |c, call| service::certifications::school_hours(c, call, &term))
            .await?;
        Ok(rows.into_iter().map(StudentServiceHours).collect())
    }

    /// 志愿服务记录证明 issued by your school for `term`; `/certificates.csv?term=` exports them.
    async fn service_certificates(ctx: &Context, term: String) -> AppResult<Vec<ServiceCertification>> {
        let rows = ctx
            .run_call(move |c, call| service::certifications::certificates(c, call, &term))
            .await?;
        Ok(rows.into_iter().map(|c| ServiceCertification(c.row)).collect())
    }
}
