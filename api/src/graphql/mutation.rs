//! Write operations. Each parses its input and calls one service function, which writes in
//! one transaction; a rejected call writes nothing. The changed object is then returned; what
//! it shows beyond the service's answer is read after that transaction has committed (an
//! elder file's categories in `createElder`, `updateElder` and `changeElderStatus`, a slot's
//! elder in the slot mutations).

use chrono::NaiveDate;
use juniper::graphql_object;

use super::account::{Account, AuthPayload, NotificationSetting, School, UnmaskedElder};
use super::area::Area;
use super::calendar::CalendarFeedSecret;
use super::contact::{AttemptResult, ContactAttempt};
use super::elder::{Elder, ElderReview};
use super::ledger::{ServiceCertification, TransferResult};
use super::pairing::Contact;
use super::policy::{ClosedMonthInfo, DeclaredSurge, PackChoice, TierRaised};
use super::record::{
    IssuedElderCode, Notification, RecordDraft, Referral, RiskCase, SpotCheck, SubmitResult, VisitRecordNode,
};
use super::slot::{AcceptedAssignment, PlanAssignmentInput, SlotGeneration, VisitSlot, VisitorProfile};
use super::Context;
use crate::domain::area::UrbanRural;
use crate::domain::contact::{AttemptMode, AttemptReason};
use crate::domain::elder::{ElderFileInput, ServiceStatus};
use crate::domain::id::{
    AccountId, CaseId, ElderId, LedgerAccountId, RecordId, ReferralId, SlotId, SpotCheckId, SurgeId,
};
use crate::domain::message::MessageKind;
use crate::domain::record::format::ReferralTarget;
use crate::error::{AppError, AppResult};
use crate::service::accounts::{self, StaffAccountInput, StudentInput, VisitorRegistrationInput};
use crate::service::areas::{self, AreaInput};
use crate::service::cases::ReferralStatus;
use crate::service::contacts::AttemptInput;
use crate::service::elders;
use crate::service::policies::SurgeInput;
use crate::service::records::ReviewDecision;
use crate::service::sessions::{self, LoginOutcome};
use crate::service::slots::VisitorProfileInput;
use crate::service::spot_checks::SpotCheckOutcome;

pub struct Mutation;

#[graphql_object(context = Context)]
impl Mutation {
    /// 登录. A failure answers `LOGIN_FAILED`, whatever the cause; repeated failures are
    /// slowed down and then locked for a while: `LOGIN_LOCKED`, whose message says when to try
    /// again (a name that is no account is locked the same way).
    async fn login(ctx: &Context, username: String, password: String) -> AppResult<AuthPayload> {
        let tokens = ctx.tokens.clone();
        let addr = ctx.client_addr.clone();
        let outcome = ctx
            .run_call(move |c, call| sessions::login(c, &tokens, call, &username, &password, &addr))
            .await?;
        match outcome {
            LoginOutcome::Success(tokens) => Ok(AuthPayload(*tokens)),
            LoginOutcome::Failed { delay, locked_until } => {
                // The request's connection is not held while it waits.
                ctx.db.release().await;
                actix_web::rt::time::sleep(delay).await;
                Err(match locked_until {
                    Some(until) => AppError::LoginLocked { until },
                    None => AppError::LoginFailed,
                })
            }
        }
    }

    /// Trades a refresh token for a new access token and refresh token (the old one stops
    /// working; using it again signs the account out everywhere).
    async fn refresh(ctx: &Context, refresh_token: String) -> AppResult<AuthPayload> {
        let tokens = ctx.tokens.clone();
        ctx.run_call(move |c, call| sessions::refresh(c, &tokens, call, &refresh_token))
            .await
            .map(AuthPayload)
    }

    /// 退出登录 — ends the current session.
    async fn logout(ctx: &Context) -> AppResult<bool> {
        let session = ctx.session_id.clone().ok_or(AppError::Unauthenticated)?;
        ctx.run_call(move |c, call| sessions::logout(c, call, &session))
            .await
            .map(|()| true)
    }

    /// 修改密码 — ends every session of the account; sign in again.
    async fn change_password(ctx: &Context, current_password: String, new_password: String) -> AppResult<i32> {
        let revoked = ctx
            .run_call(move |c, call| sessions::change_password(c, call, &current_password, &new_password))
            .await?;
        Ok(i32::try_from(revoked).unwrap_or(i32::MAX))
    }

    /// 开关通知 — switch a kind of message your role receives off (`off: true`) or on again.
    /// Alarms and the elder's code cannot be switched off (refused naming `kind`). Returns
    /// your settings after the change.
    async fn set_notification_opt_out(
        ctx: &Context,
        kind: MessageKind,
        off: bool,
    ) -> AppResult<Vec<NotificationSetting>> {
        let rows = ctx
            .run_call(move |c, call| crate::service::preferences::set_opt_out(c, call, kind, off))
            .await?;
        Ok(rows.into_iter().map(NotificationSetting).collect())
    }

    /// 联系方式 — your mail address for messages (`""` removes it) and their language (`zh` or
    /// `en`); a field left out stays as it is.
    async fn update_my_contact(ctx: &Context, email: Option<String>, locale: Option<String>) -> AppResult<Account> {
        ctx.run_call(move |c, call| {
            crate::service::preferences::update_contact(c, call, email.as_deref(), locale.as_deref())
        })
        .await
        .map(Account)
    }

    /// 强制下线 — ends every session of an account in your scope (or your own).
    async fn revoke_sessions(ctx: &Context, user_id: String) -> AppResult<i32> {
        let user_id = AccountId::from(user_id);
        let revoked = ctx
            .run_call(move |c, call| sessions::revoke_sessions(c, call, &user_id))
            .await?;
        Ok(i32::try_from(revoked).unwrap_or(i32::MAX))
    }

    /// Creates a staff, school-admin or family account below your own role, in your area.
    async fn create_staff_account(ctx: &Context, input: StaffAccountInput) -> AppResult<Account> {
        ctx.run_call(move |c, call| accounts::create_staff(c, call, &input))
            .await
            .map(Account)
    }

    /// 志愿者实名注册 — open to anyone; the account waits for a town organizer's approval.
    async fn register_visitor(ctx: &Context, input: VisitorRegistrationInput) -> AppResult<Account> {
        ctx.run_call(move |c, call| accounts::register_visitor(c, call, &input))
            .await
            .map(Account)
    }

    /// 审核通过 — approves a pending visitor of your area.
    async fn approve_visitor(ctx: &Context, user_id: String) -> AppResult<Account> {
        let user_id = AccountId::from(user_id);
        ctx.run_call(move |c, call| accounts::approve_visitor(c, call, &user_id))
            .await
            .map(Account)
    }

    /// 暂停 — suspends an approved visitor of your area with a reason: they can no longer sign
    /// in, and the slots they hold that have not passed go back to the open pool.
    async fn suspend_visitor(ctx: &Context, user_id: String, reason: String) -> AppResult<Account> {
        let user_id = AccountId::from(user_id);
        ctx.run_call(move |c, call| accounts::suspend_visitor(c, call, &user_id, &reason))
            .await
            .map(Account)
    }

    /// 恢复 — lets a suspended visitor of your area work again.
    async fn reinstate_visitor(ctx: &Context, user_id: String) -> AppResult<Account> {
        let user_id = AccountId::from(user_id);
        ctx.run_call(move |c, call| accounts::reinstate_visitor(c, call, &user_id))
            .await
            .map(Account)
    }

    /// 学生登记 — a school admin registers a student of the school.
    async fn register_student(ctx: &Context, input: StudentInput) -> AppResult<Account> {
        ctx.run_call(move |c, call| accounts::register_student(c, call, &input))
            .await
            .map(Account)
    }

    /// Adds a school in your area.
    async fn create_school(ctx: &Context, name: String, area_code: String) -> AppResult<School> {
        ctx.run_call(move |c, call| accounts::create_school(c, call, &name, &area_code))
            .await
            .map(School)
    }

    /// Adds a town/street or village/community below your node.
    async fn create_area(ctx: &Context, input: AreaInput) -> AppResult<Area> {
        ctx.run_call(move |c, call| areas::create(c, call, &input))
            .await
            .map(Area)
    }

    /// Renames a node in your scope or changes whether it is urban or rural.
    async fn update_area(
        ctx: &Context,
        code: String,
        name: String,
        urban_rural: Option<UrbanRural>,
    ) -> AppResult<Area> {
        ctx.run_call(move |c, call| areas::rename(c, call, &code, &name, urban_rural))
            .await
            .map(Area)
    }

    /// 建档 — registers a new elder file.
    async fn create_elder(ctx: &Context, input: ElderFileInput) -> AppResult<Elder> {
        ctx.run_call(move |c, call| {
            let row = elders::create(c, call, &input)?;
            Elder::load_one(c, call, row)
        })
        .await
    }

    /// Replaces an elder file. `version` is the version the editor read; if the file changed
    /// since, the update is refused with `VERSION_CONFLICT`.
    ///
    /// Changes of what the policy packs read (ability, illness, dementia, disability, living
    /// arrangement, categories, economic status, children away, risk level, household members,
    /// birth date) take effect on `effectiveFrom`: by default today; an earlier day needs a
    /// `reason` and is audited; a later day plans the change.
    ///
    /// The ID number, phone numbers and disability certificate number may be sent back as the
    /// file shows them (masked): a value equal to the masked stored one keeps the stored value.
    async fn update_elder(
        ctx: &Context,
        id: String,
        version: i32,
        input: ElderFileInput,
        effective_from: Option<NaiveDate>,
        reason: Option<String>,
    ) -> AppResult<Elder> {
        let id = ElderId::from(id);
        let effective = elders::Effective {
            from: effective_from,
            reason,
        };
        ctx.run_call(move |c, call| {
            let row = elders::update(c, call, &id, version, &input, &effective)?;
            Elder::load_one(c, call, row)
        })
        .await
    }

    /// 关账 — closes an ended month of your district at once (district admins): its figures
    /// are kept as they are now; anything recorded later shows as a correction beside them. A
    /// month also closes by itself when its reporting deadline passes.
    async fn close_month(ctx: &Context, district_code: String, month: String) -> AppResult<ClosedMonthInfo> {
        let month = crate::domain::period::Month::parse(&month)
            .ok_or_else(|| AppError::field("month", "bad_month", "月份格式应为 2026-11"))?;
        ctx.run_call(move |c, call| crate::service::closing::close_month(c, call, &district_code, month))
            .await
            .map(ClosedMonthInfo)
    }

    /// 重发 — sends a dead letter again once its cause is fixed (district admins and town
    /// organizers, for their area; audited).
    /// A confirmation code is never sent again: the visitor asks for a new one.
    async fn resend_message(ctx: &Context, id: String) -> AppResult<Notification> {
        ctx.run_call(move |c, call| crate::service::outbox::resend(c, call, &id))
            .await
            .map(Notification)
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
        let id = ElderId::from(id);
        ctx.run_call(move |c, call| {
            let row = elders::change_status(c, call, &id, version, status, effective_on, note.as_deref())?;
            Elder::load_one(c, call, row)
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
        let id = ElderId::from(id);
        ctx.run_call(move |c, call| elders::record_review(c, call, &id, reviewed_on, &reviewer, note.as_deref()))
            .await
            .map(ElderReview)
    }

    /// 选择政策包 — the district runs `packId` from `effectiveFrom` on. Earlier periods keep the
    /// pack they were measured by; only a district's first choice may start in the past.
    async fn choose_policy_pack(
        ctx: &Context,
        district_code: String,
        pack_id: String,
        effective_from: NaiveDate,
        note: Option<String>,
    ) -> AppResult<PackChoice> {
        ctx.run_call(move |c, call| {
            crate::service::policies::choose(c, call, &district_code, &pack_id, effective_from, note.as_deref())
        })
        .await
        .map(PackChoice)
    }

    /// 上调分类 — puts an elder in a higher tier of the district's pack, with a written reason
    /// (audited); it applies to periods starting after today.
    async fn raise_elder_tier(
        ctx: &Context,
        elder_id: String,
        tier_id: String,
        reason: String,
    ) -> AppResult<TierRaised> {
        let elder_id = ElderId::from(elder_id);
        ctx.run_call(move |c, call| crate::service::policies::raise_tier(c, call, &elder_id, &tier_id, &reason))
            .await
            .map(TierRaised)
    }

    /// 加密探访 — declares a surge (extreme weather, disaster, public health, family change) for an
    /// area in your scope: an extra requirement inside the window for the pack's surge tiers
    /// unless the input names others. With `elderId` (单人加密探访: a family change, disaster
    /// or public-health event of one elder in your scope) it binds that elder alone, whatever
    /// their tier.
    async fn declare_surge(ctx: &Context, input: SurgeInput) -> AppResult<DeclaredSurge> {
        ctx.run_call(move |c, call| crate::service::policies::declare_surge(c, call, &input))
            .await
            .map(DeclaredSurge)
    }

    /// 撤销加密探访 — withdraws a surge declared in your area, with a written reason; it then
    /// counts for nothing (the declaration is kept).
    async fn withdraw_surge(ctx: &Context, id: String, reason: String) -> AppResult<DeclaredSurge> {
        let id = SurgeId::from(id);
        ctx.run_call(move |c, call| crate::service::policies::withdraw_surge(c, call, &id, &reason))
            .await
            .map(DeclaredSurge)
    }

    /// 保存探访人员档案 — the signed-in visitor saves their profile (`version`: the version read,
    /// absent for the first save).
    async fn save_visitor_profile(
        ctx: &Context,
        input: VisitorProfileInput,
        version: Option<i32>,
    ) -> AppResult<VisitorProfile> {
        ctx.run_call(move |c, call| crate::service::slots::save_profile(c, call, &input, version))
            .await
            .map(VisitorProfile)
    }

    /// 生成探访时段 — turns what the elders of an area owe in `month` into slots; running it
    /// again changes nothing unless the requirements changed.
    async fn generate_slots(ctx: &Context, month: String, area_code: String) -> AppResult<SlotGeneration> {
        let month = crate::domain::period::Month::parse(&month)
            .ok_or_else(|| AppError::field("month", "bad_month", "月份格式应为 2026-11"))?;
        ctx.run_call(move |c, call| crate::service::slots::generate(c, call, month, &area_code))
            .await
            .map(SlotGeneration)
    }

    /// 认领 — claim an open slot in your area (a minor's in-person slot needs an adult
    /// co-visitor). Exactly one visitor holds a slot, however many try at once.
    async fn claim_slot(ctx: &Context, slot_id: String, co_visitor_id: Option<String>) -> AppResult<VisitSlot> {
        let slot_id = SlotId::from(slot_id);
        let co_visitor_id = co_visitor_id.map(AccountId::from);
        ctx.run_call(move |c, call| {
            let slot = crate::service::slots::claim(c, call, &slot_id, co_visitor_id.as_ref())?;
            crate::service::slots::with_elder(c, call, slot)
        })
        .await
        .map(VisitSlot::from)
    }

    /// 退回 — give back a slot you hold, until the day before its window opens.
    async fn release_slot(ctx: &Context, slot_id: String) -> AppResult<VisitSlot> {
        let slot_id = SlotId::from(slot_id);
        ctx.run_call(move |c, call| {
            let slot = crate::service::slots::release(c, call, &slot_id)?;
            crate::service::slots::with_elder(c, call, slot)
        })
        .await
        .map(VisitSlot::from)
    }

    /// 订阅日历 — create your calendar feed, or renew it (the old URL stops working). The URL
    /// is shown this once.
    async fn renew_calendar_feed(ctx: &Context) -> AppResult<CalendarFeedSecret> {
        let secret = ctx.run_call(crate::service::calendar::renew).await?;
        Ok(CalendarFeedSecret {
            url: format!(
                "{}{}",
                crate::notify::public_base(),
                crate::service::calendar::feed_path(&secret.token)
            ),
            since: secret.created_at.and_utc(),
        })
    }

    /// 取消日历订阅 — your feed's URL stops working; whether there was one.
    async fn revoke_calendar_feed(ctx: &Context) -> AppResult<bool> {
        ctx.run_call(crate::service::calendar::revoke).await
    }

    /// 未联系上 — records a visit that did not happen (when, how, why). It meets no
    /// requirement and keeps the slot held, unless `releaseSlot` gives it back with the attempt.
    /// An elder the pack's rule then counts as lost (失联) gets an urgent case at once.
    #[allow(clippy::too_many_arguments)]
    async fn record_contact_attempt(
        ctx: &Context,
        elder_id: String,
        slot_id: Option<String>,
        attempted_at: Option<chrono::DateTime<chrono::Utc>>,
        mode: AttemptMode,
        reason: AttemptReason,
        note: Option<String>,
        release_slot: Option<bool>,
    ) -> AppResult<AttemptResult> {
        let input = AttemptInput {
            elder_id: ElderId::from(elder_id),
            slot_id: slot_id.map(SlotId::from),
            attempted_at: attempted_at.unwrap_or_else(|| ctx.clock.now()).naive_utc(),
            mode,
            reason,
            note,
            release_slot: release_slot.unwrap_or(false),
        };
        ctx.run_call(move |c, call| {
            let recorded = crate::service::contacts::record_attempt(c, call, &input)?;
            let slot = match recorded.slot {
                Some(slot) => Some(crate::service::slots::with_elder(c, call, slot)?),
                None => None,
            };
            Ok(AttemptResult {
                attempt: ContactAttempt(recorded.attempt),
                slot: slot.map(VisitSlot::from),
            })
        })
        .await
    }

    /// 失联巡检 — runs the daily lost-contact sweep over the district now (district admins;
    /// the worker runs it daily). Answers how many elders it found lost.
    async fn sweep_lost_contact(ctx: &Context) -> AppResult<i32> {
        let swept = ctx.run_call(crate::service::contacts::sweep_lost).await?;
        Ok(i32::try_from(swept.lost).unwrap_or(i32::MAX))
    }

    /// 指派 — an organizer gives an open slot of their area to a visitor, under the claim rules.
    async fn assign_slot(
        ctx: &Context,
        slot_id: String,
        visitor_id: String,
        co_visitor_id: Option<String>,
    ) -> AppResult<VisitSlot> {
        let slot_id = SlotId::from(slot_id);
        let visitor_id = AccountId::from(visitor_id);
        let co_visitor_id = co_visitor_id.map(AccountId::from);
        ctx.run_call(move |c, call| {
            let slot = crate::service::slots::assign(c, call, &slot_id, &visitor_id, co_visitor_id.as_ref())?;
            crate::service::slots::with_elder(c, call, slot)
        })
        .await
        .map(VisitSlot::from)
    }

    /// 采纳方案 — assigns each pair (as proposed, or edited) through the same exact-once path as
    /// a claim; a slot claimed since the proposal is reported as refused, never overwritten.
    async fn accept_plan(ctx: &Context, assignments: Vec<PlanAssignmentInput>) -> AppResult<Vec<AcceptedAssignment>> {
        let pairs: Vec<(SlotId, AccountId)> = assignments
            .into_iter()
            .map(|a| (SlotId::from(a.slot_id), AccountId::from(a.visitor_id)))
            .collect();
        let accepted = ctx
            .run_call(move |c, call| crate::service::plan::accept(c, call, &pairs))
            .await?;
        Ok(accepted.into_iter().map(AcceptedAssignment::from).collect())
    }

    /// 探访人员退出 — a visitor of your area drops out: every slot they hold whose window has
    /// not passed goes back to the open pool (nobody else's move); returns the freed slot ids.
    async fn drop_out_visitor(ctx: &Context, visitor_id: String, reason: String) -> AppResult<Vec<String>> {
        let visitor_id = AccountId::from(visitor_id);
        let freed = ctx
            .run_call(move |c, call| crate::service::slots::drop_out(c, call, &visitor_id, &reason))
            .await?;
        Ok(freed.into_iter().map(SlotId::into_string).collect())
    }

    /// 登记培训 — records a training session your office held, with the visitors of your area
    /// who attended, picked from the list (audited). Where the district's pack requires a
    /// training before an in-person visit, they may then claim one.
    async fn record_training_session(
        ctx: &Context,
        input: super::training::TrainingSessionInput,
    ) -> AppResult<super::training::TrainingSession> {
        let attendees: Vec<AccountId> = input.attendee_ids.into_iter().map(AccountId::from).collect();
        let named = ctx
            .run_call(move |c, call| {
                let entry = crate::service::training::SessionEntry {
                    topic: &input.topic,
                    held_on: input.held_on,
                    minutes: input.minutes,
                    place: &input.place,
                    note: input.note.as_deref().unwrap_or(""),
                    attendee_ids: &attendees,
                };
                crate::service::training::record_session(c, call, &entry)
            })
            .await?;
        Ok(super::training::TrainingSession {
            row: named.row,
            office: named.office,
            attendee_count: None,
        })
    }

    /// 登记表彰 — records a commendation of a visitor of your area (audited); it goes onto
    /// their record.
    async fn commend_volunteer(
        ctx: &Context,
        visitor_id: String,
        title: String,
        awarded_on: NaiveDate,
        reason: Option<String>,
    ) -> AppResult<super::training::Commendation> {
        let visitor_id = AccountId::from(visitor_id);
        let named = ctx
            .run_call(move |c, call| {
                crate::service::training::record_commendation(
                    c,
                    call,
                    &visitor_id,
                    &title,
                    awarded_on,
                    reason.as_deref().unwrap_or(""),
                )
            })
            .await?;
        Ok(super::training::Commendation {
            row: named.row,
            office: named.office,
        })
    }

    /// 登记评价 — grades a visitor of your area for a year (`2026`) or half-year (`2026-H2`)
    /// that has begun, once per office and period (audited); it goes onto their record.
    async fn evaluate_volunteer(
        ctx: &Context,
        visitor_id: String,
        period: String,
        grade: crate::domain::training::Grade,
        comment: Option<String>,
    ) -> AppResult<super::training::Evaluation> {
        let visitor_id = AccountId::from(visitor_id);
        let named = ctx
            .run_call(move |c, call| {
                crate::service::training::record_evaluation(
                    c,
                    call,
                    &visitor_id,
                    &period,
                    grade,
                    comment.as_deref().unwrap_or(""),
                )
            })
            .await?;
        Ok(super::training::Evaluation {
            row: named.row,
            office: named.office,
        })
    }

    /// 恢复次数 — gives a visitor of your area back the monthly capacity halved after their
    /// no-shows: exactly the capacity before (audited; the visitor is told).
    async fn restore_visitor_capacity(ctx: &Context, visitor_id: String) -> AppResult<VisitorProfile> {
        let visitor_id = AccountId::from(visitor_id);
        ctx.run_call(move |c, call| crate::service::no_shows::restore_capacity(c, call, &visitor_id))
            .await
            .map(VisitorProfile)
    }

    /// 结对 — name an active staff or visitor account of your area as an elder's responsible
    /// contact (replacing the earlier one; audited).
    async fn pair_elder(
        ctx: &Context,
        elder_id: String,
        contact_user_id: String,
        note: Option<String>,
    ) -> AppResult<Contact> {
        let contact_user_id = AccountId::from(contact_user_id);
        let elder_id = ElderId::from(elder_id);
        ctx.run_call(move |c, call| {
            crate::service::pairings::pair(c, call, &elder_id, &contact_user_id, note.as_deref())
        })
        .await
        .map(Contact)
    }

    /// 需专业人员 — mark whether a slot of your area needs a professional visitor.
    async fn require_professional(ctx: &Context, slot_id: String, needed: bool) -> AppResult<VisitSlot> {
        let slot_id = SlotId::from(slot_id);
        ctx.run_call(move |c, call| {
            let slot = crate::service::slots::require_professional(c, call, &slot_id, needed)?;
            crate::service::slots::with_elder(c, call, slot)
        })
        .await
        .map(VisitSlot::from)
    }

    /// 查看完整信息 — an elder's identity and phone numbers in full. Needs the permission and
    /// a reason; every call is written to the audit log.
    async fn unmask_elder(ctx: &Context, id: String, reason: String) -> AppResult<UnmaskedElder> {
        let id = ElderId::from(id);
        ctx.run_call(move |c, call| elders::unmask(c, call, &id, &reason))
            .await
            .map(UnmaskedElder)
    }

    /// 保存草稿 — keeps a record being written (any JSON object) under its client-generated
    /// submission id (`version`: the version read, absent for the first save).
    async fn save_record_draft(
        ctx: &Context,
        submission_id: String,
        elder_id: String,
        slot_id: Option<String>,
        body: String,
        version: Option<i32>,
    ) -> AppResult<RecordDraft> {
        let slot_id = slot_id.map(SlotId::from);
        let elder_id = ElderId::from(elder_id);
        let saved = ctx
            .run_call(move |c, call| {
                crate::service::records::save_draft(
                    c,
                    call,
                    &submission_id,
                    &elder_id,
                    slot_id.as_ref(),
                    &body,
                    version,
                )
            })
            .await?;
        Ok(RecordDraft(saved, String::new()))
    }

    async fn discard_record_draft(ctx: &Context, submission_id: String) -> AppResult<bool> {
        ctx.run_call(move |c, call| crate::service::records::discard_draft(c, call, &submission_id))
            .await
    }

    /// 发送口述确认码 — texts the elder a 6-digit code to read out to you, valid for 12 hours
    /// from now, for one record. Without `visitOn` it confirms the visit under way; with it
    /// (补确认), the visit you made on that past day (the text names the day to the elder).
    async fn issue_elder_code(
        ctx: &Context,
        elder_id: String,
        visit_on: Option<NaiveDate>,
    ) -> AppResult<IssuedElderCode> {
        let elder_id = ElderId::from(elder_id);
        ctx.run_call(move |c, call| crate::service::records::issue_elder_code(c, call, &elder_id, visit_on))
            .await
            .map(IssuedElderCode)
    }

    /// 提交探访记录 — `record` is one record in the shared format (JSON,
    /// `docs/record-format.schema.json`). Resubmitting the same `submissionId` with the same
    /// content is answered with the stored record and `created: false`.
    async fn submit_visit_record(ctx: &Context, record: String) -> AppResult<SubmitResult> {
        let (record, created) = ctx
            .run_call(move |c, call| crate::service::records::submit_scoped(c, call, &record))
            .await?;
        Ok(SubmitResult {
            record: VisitRecordNode(record),
            created,
        })
    }

    /// 补录纸质记录 — staff enter a paper record later (`record` in the shared format), for a
    /// visit between the elder's entry into the register and today. Its
    /// `confirmation.elder.method` states how the elder confirmed it: `signed_paper`
    /// (签字纸质表) or `confirmed_by_phone` (电话确认, with `confirmedBy`, the staff member who
    /// phoned), `confirmedAt` when. The statement is kept with the record and audited.
    async fn enter_paper_record(ctx: &Context, record: String) -> AppResult<SubmitResult> {
        let (record, created) = ctx
            .run_call(move |c, call| crate::service::records::enter_paper_scoped(c, call, &record))
            .await?;
        Ok(SubmitResult {
            record: VisitRecordNode(record),
            created,
        })
    }

    /// 审核 — accept, reject or send back a record (a comment is needed except to accept a
    /// record without signals).
    async fn review_visit_record(
        ctx: &Context,
        id: String,
        decision: ReviewDecision,
        comment: Option<String>,
        version: i32,
    ) -> AppResult<VisitRecordNode> {
        let id = RecordId::from(id);
        ctx.run_call(move |c, call| {
            crate::service::records::review_scoped(c, call, &id, decision, comment.as_deref(), version)
        })
        .await
        .map(VisitRecordNode)
    }

    /// 结案 — closes a case after at least one follow-up visit.
    async fn close_case(ctx: &Context, id: String, note: String, version: i32) -> AppResult<RiskCase> {
        let id = CaseId::from(id);
        ctx.run_call(move |c, call| crate::service::cases::close(c, call, &id, &note, version))
            .await
            .map(RiskCase::one)
    }

    /// 指定负责人 of a case.
    async fn assign_case(ctx: &Context, id: String, owner_id: String, version: i32) -> AppResult<RiskCase> {
        let id = CaseId::from(id);
        let owner_id = AccountId::from(owner_id);
        ctx.run_call(move |c, call| crate::service::cases::assign(c, call, &id, &owner_id, version))
            .await
            .map(RiskCase::one)
    }

    /// 转介 — refers a case's elder to another service.
    async fn add_referral(
        ctx: &Context,
        case_id: String,
        target: ReferralTarget,
        detail: String,
        urgent: Option<bool>,
        case_version: i32,
    ) -> AppResult<Referral> {
        let case_id = CaseId::from(case_id);
        ctx.run_call(move |c, call| {
            crate::service::cases::add_referral(
                c,
                call,
                &case_id,
                target,
                &detail,
                urgent.unwrap_or(false),
                case_version,
            )
        })
        .await
        .map(Referral)
    }

    async fn update_referral(
        ctx: &Context,
        id: String,
        status: ReferralStatus,
        note: Option<String>,
        version: i32,
    ) -> AppResult<Referral> {
        let id = ReferralId::from(id);
        ctx.run_call(move |c, call| {
            crate::service::cases::update_referral(c, call, &id, status, note.as_deref(), version)
        })
        .await
        .map(Referral)
    }

    /// 抽查 — draws the month's sample (`perVisitor` records of each visitor); once drawn, the
    /// month's sample is fixed and returned as is.
    async fn draw_spot_checks(ctx: &Context, month: String, per_visitor: i32) -> AppResult<Vec<SpotCheck>> {
        let rows = ctx
            .run_call(move |c, call| crate::service::spot_checks::draw(c, call, &month, per_visitor))
            .await?;
        Ok(rows.into_iter().map(SpotCheck).collect())
    }

    async fn conclude_spot_check(
        ctx: &Context,
        id: String,
        outcome: SpotCheckOutcome,
        note: Option<String>,
    ) -> AppResult<SpotCheck> {
        let id = SpotCheckId::from(id);
        ctx.run_call(move |c, call| crate::service::spot_checks::conclude(c, call, &id, outcome, note.as_deref()))
            .await
            .map(SpotCheck)
    }

    /// 赠与 — gives time-bank minutes to a family member's account (`relation`, e.g. 女儿, is
    /// recorded and audited). `transferId` is a UUID the client chooses: a retry changes
    /// nothing; the same id with other content is refused.
    async fn gift_hours(
        ctx: &Context,
        transfer_id: String,
        to_user_id: String,
        minutes: i32,
        relation: String,
    ) -> AppResult<TransferResult> {
        let to_user_id = AccountId::from(to_user_id);
        TransferResult::run(ctx, transfer_id, move |c, call, t| {
            crate::service::ledger::gift(c, call, t, &to_user_id, i64::from(minutes), &relation)
        })
        .await
    }

    /// 捐赠 — gives time-bank minutes to the district's donation pool.
    async fn donate_hours(ctx: &Context, transfer_id: String, minutes: i32) -> AppResult<TransferResult> {
        TransferResult::run(ctx, transfer_id, move |c, call, t| {
            crate::service::ledger::donate(c, call, t, i64::from(minutes))
        })
        .await
    }

    /// 兑换 — spends time-bank minutes on a care service (from the age of 60); the visitor who
    /// gives it (`providerId`) is credited the same minutes.
    async fn redeem_hours(
        ctx: &Context,
        transfer_id: String,
        minutes: i32,
        service: String,
        provider_id: Option<String>,
    ) -> AppResult<TransferResult> {
        let provider_id = provider_id.map(AccountId::from);
        TransferResult::run(ctx, transfer_id, move |c, call, t| {
            crate::service::ledger::redeem(c, call, t, i64::from(minutes), &service, provider_id.as_ref())
        })
        .await
    }

    /// 捐赠池发放 — grants minutes of the district's time-bank donation pool to a key elder
    /// (the strictest tier of the pack in force), into the elder's care account; `reason` is
    /// audited. `transferId` is a UUID the client chooses.
    async fn grant_hours(
        ctx: &Context,
        transfer_id: String,
        elder_id: String,
        minutes: i32,
        reason: String,
    ) -> AppResult<TransferResult> {
        let elder_id = ElderId::from(elder_id);
        TransferResult::run(ctx, transfer_id, move |c, call, t| {
            crate::service::ledger::grant(c, call, t, &elder_id, i64::from(minutes), &reason)
        })
        .await
    }

    /// 登记组织 — register an organisation (a school, 社工站, volunteer team, third-party
    /// provider or office) in an area whose visitors you approve.
    async fn create_organisation(
        ctx: &Context,
        kind: crate::domain::slot::OrganisationKind,
        name: String,
        area_code: String,
    ) -> AppResult<super::organisation::Organisation> {
        let row = ctx
            .run_call(move |c, call| crate::service::organisations::create(c, call, kind, &name, &area_code))
            .await?;
        Ok(super::organisation::Organisation(row))
    }

    /// 组织成员 — add a visitor to an organisation (`member: true`; `admin` names its admin:
    /// staff only) or remove them (`member: false`). For staff of its area and its admins.
    async fn set_organisation_member(
        ctx: &Context,
        organisation_id: String,
        user_id: String,
        member: bool,
        admin: Option<bool>,
    ) -> AppResult<Vec<super::organisation::OrganisationMember>> {
        let id = crate::domain::id::OrganisationId::from(organisation_id);
        let user = AccountId::from(user_id);
        let rows = ctx
            .run_call(move |c, call| {
                crate::service::organisations::set_member(c, call, &id, &user, member, admin.unwrap_or(false))
            })
            .await?;
        Ok(rows.into_iter().map(super::organisation::OrganisationMember).collect())
    }

    /// 添加成员 — add a volunteer to an organisation by the account they sign in with (an
    /// admin member does not see the area's accounts). For staff of its area and its admins.
    async fn add_organisation_member(
        ctx: &Context,
        organisation_id: String,
        account: String,
    ) -> AppResult<Vec<super::organisation::OrganisationMember>> {
        let id = crate::domain::id::OrganisationId::from(organisation_id);
        let rows = ctx
            .run_call(move |c, call| crate::service::organisations::add_by_account(c, call, &id, &account))
            .await?;
        Ok(rows.into_iter().map(super::organisation::OrganisationMember).collect())
    }

    /// 签订服务合同 — the district admin records a provider's purchase-of-service contract.
    async fn sign_service_contract(
        ctx: &Context,
        organisation_id: String,
        area_code: String,
        starts_on: NaiveDate,
        ends_on: NaiveDate,
        promised_visits: i32,
        promised_minutes: i32,
    ) -> AppResult<super::organisation::ServiceContract> {
        let input = crate::service::organisations::ContractInput {
            organisation_id: crate::domain::id::OrganisationId::from(organisation_id),
            area_code,
            starts_on,
            ends_on,
            promised_visits,
            promised_minutes: i64::from(promised_minutes),
        };
        let row = ctx
            .run_call(move |c, call| crate::service::organisations::sign_contract(c, call, &input))
            .await?;
        Ok(super::organisation::ServiceContract(row))
    }

    /// 出具志愿服务记录证明 — your office (town or village) issues a numbered proof to a visitor
    /// for the accepted visits and care it organised from `from` to `to`.
    async fn issue_service_proof(
        ctx: &Context,
        visitor_id: String,
        from: NaiveDate,
        to: NaiveDate,
    ) -> AppResult<super::ledger::ServiceProof> {
        let visitor_id = AccountId::from(visitor_id);
        let row = ctx
            .run_call(move |c, call| crate::service::proofs::issue(c, call, &visitor_id, from, to))
            .await?;
        Ok(super::ledger::ServiceProof(row, None))
    }

    /// 申请更正 — ask the office that organised an accepted visit of yours to correct its minutes.
    async fn request_service_correction(
        ctx: &Context,
        record_id: String,
        minutes: i32,
        reason: String,
    ) -> AppResult<super::ledger::ServiceCorrection> {
        let record_id = RecordId::from(record_id);
        let row = ctx
            .run_call(move |c, call| {
                crate::service::proofs::request_correction(c, call, &record_id, i64::from(minutes), &reason)
            })
            .await?;
        Ok(super::ledger::ServiceCorrection(row, None))
    }

    /// 处理更正 — accept a visitor's correction (the ledger reverses and posts anew) or refuse it
    /// with a reason.
    async fn decide_service_correction(
        ctx: &Context,
        id: String,
        accept: bool,
        reason: Option<String>,
    ) -> AppResult<super::ledger::ServiceCorrection> {
        let id = crate::domain::id::CorrectionId::from(id);
        let row = ctx
            .run_call(move |c, call| crate::service::proofs::decide_correction(c, call, &id, accept, reason.as_deref()))
            .await?;
        Ok(super::ledger::ServiceCorrection(row, None))
    }

    /// 记录服务 — staff record a care service (理发, 送餐 …) a visitor gave an elder in their
    /// area, with how the elder confirmed it; the giver's time bank is credited where the
    /// district's rules say so. The care is `kind`, one of the platform's kinds, or
    /// `otherKind`, the name of a kind the pack of the elder's district lists (`careKinds`):
    /// exactly one of them. `id` is a UUID the client chooses: sending it again records
    /// nothing more.
    #[allow(clippy::too_many_arguments)]
    async fn record_care_service(
        ctx: &Context,
        id: String,
        elder_id: String,
        kind: Option<crate::domain::care::CareKind>,
        other_kind: Option<String>,
        provider_id: String,
        given_at: chrono::DateTime<chrono::Utc>,
        minutes: i32,
        confirmation: crate::domain::record::format::ElderConfirmationMethod,
    ) -> AppResult<super::ledger::CareServiceResult> {
        let input = crate::service::care::CareGiven {
            id: crate::domain::id::CareServiceId::from(id),
            elder_id: ElderId::from(elder_id),
            kind,
            other_kind,
            provider_id: AccountId::from(provider_id),
            given_at,
            minutes: i64::from(minutes),
            confirmation,
        };
        let recorded = ctx
            .run_call(move |c, call| crate::service::care::record(c, call, &input))
            .await?;
        Ok(super::ledger::CareServiceResult(recorded))
    }

    /// 记录我的服务 — a visitor records a care service (理发, 送餐 …) they gave an elder whose
    /// slot they held or whom they visited in the last 30 days, confirmed by the code the elder
    /// read out (`issueElderCode`); the time bank is credited where the district's rules say
    /// so. The care is `kind` or `otherKind`, as for `recordCareService`. `id` is a UUID the
    /// client chooses: sending it again records nothing more.
    #[allow(clippy::too_many_arguments)]
    async fn record_my_care_service(
        ctx: &Context,
        id: String,
        elder_id: String,
        kind: Option<crate::domain::care::CareKind>,
        other_kind: Option<String>,
        given_at: chrono::DateTime<chrono::Utc>,
        minutes: i32,
        code: String,
    ) -> AppResult<super::ledger::CareServiceResult> {
        let input = crate::service::care::OwnCare {
            id: crate::domain::id::CareServiceId::from(id),
            elder_id: ElderId::from(elder_id),
            kind,
            other_kind,
            given_at,
            minutes: i64::from(minutes),
            code,
        };
        let recorded = ctx
            .run_call(move |c, call| crate::service::care::record_own(c, call, &input))
            .await?;
        Ok(super::ledger::CareServiceResult(recorded))
    }

    /// 代老人兑换 — spends minutes of a key elder's care account on a service given to the elder
    /// (recorded; `providerId`, the visitor who gives it, is credited the same minutes).
    async fn redeem_elder_hours(
        ctx: &Context,
        transfer_id: String,
        elder_id: String,
        minutes: i32,
        service: String,
        provider_id: Option<String>,
    ) -> AppResult<TransferResult> {
        let provider_id = provider_id.map(AccountId::from);
        let elder_id = ElderId::from(elder_id);
        TransferResult::run(ctx, transfer_id, move |c, call, t| {
            crate::service::ledger::redeem_for_elder(
                c,
                call,
                t,
                &elder_id,
                i64::from(minutes),
                &service,
                provider_id.as_ref(),
            )
        })
        .await
    }

    /// 认定 — approve, partly approve (`certifiedMinutes`) or deny a student's hours of a term,
    /// once; a comment is needed unless approving.
    async fn certify_service_hours(
        ctx: &Context,
        account_id: String,
        decision: crate::domain::certification::CertificationDecision,
        certified_minutes: Option<i32>,
        comment: Option<String>,
    ) -> AppResult<ServiceCertification> {
        let account_id = LedgerAccountId::from(account_id);
        ctx.run_call(move |c, call| {
            crate::service::certifications::certify(
                c,
                call,
                &account_id,
                decision,
                certified_minutes.map(i64::from),
                comment.as_deref(),
            )
        })
        .await
        .map(ServiceCertification)
    }

    /// 学分规则 — how many certified minutes make one credit at your school.
    async fn set_school_credit_rule(ctx: &Context, minutes_per_credit: i32) -> AppResult<i32> {
        ctx.run_call(move |c, call| crate::service::certifications::set_credit_rule(c, call, minutes_per_credit))
            .await
            .map(|s| s.minutes_per_credit)
    }
}
