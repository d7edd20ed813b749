//! 定期通知 — the messages about slots and standing that no single risk causes: a free slot
//! offered to visitors nearby (空缺时段, when a slot is released and each morning for slots
//! about to open), the weekly list of elders behind on their visits (逾期周报), the monthly
//! list of half-yearly reviews due (半年复核提醒), a school's weekly summary of its students'
//! service (学生服务周报) and each visitor's monthly time-bank statement (时间银行月结单).
//!
//! Every message is keyed by what it is about and its period, so a job run twice in one
//! period (or a slot offered on release and again the next morning) writes nothing twice.
//! No message names an elder beyond the surname and 老人, nor carries an ID number or health
//! details: mail leaves the system, and the receiver reads the file in the app.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Datelike, NaiveDate, NaiveDateTime, TimeDelta};
use serde_json::json;

use super::Call;
use crate::db::ledger::{self, TransferRow};
use crate::db::models::{UserRow, VisitSlotRow};
use crate::db::{areas, elders, slots, users, write_transaction, DbConn};
use crate::domain::access::{AccountStatus, Role, Scope};
use crate::domain::area::AreaCode;
use crate::domain::calendar::surname;
use crate::domain::certification::hours_text;
use crate::domain::clock::DISTRICT_OFFSET;
use crate::domain::id::{AccountId, LedgerAccountId, RecordId};
use crate::domain::ledger::{Book, Term};
use crate::domain::message::MessageKind;
use crate::domain::period::Month;
use crate::domain::planner::plan::distance_m;
use crate::error::{AppError, AppResult};
use crate::notify::queue::{self, Message};

/// 空缺时段 — at most this many visitors are offered one slot (decision: the nearest ten are
/// enough for someone to take it, few enough that a released slot does not become a mass
/// mailing; the same for every pack, since it is about mail, not about visits).
pub const OFFER_CAP: usize = 10;

/// The daily offer covers open slots whose window opens within this many days (48 hours).
pub const OFFER_AHEAD_DAYS: i64 = 2;

/// The daily offer tells one visitor of at most this many slots (decision: a volunteer hears of
/// the most urgent few each morning, not of every slot of a month whose windows all run, which
/// was about 120 messages each on the first morning of the demo; the app lists the rest).
pub const DAILY_OFFERS_PER_VISITOR: usize = 3;

/// The instant (naive UTC, as stored) a district day begins.
fn day_start(day: NaiveDate) -> NaiveDateTime {
    crate::domain::calendar::day_start(day).naive_utc()
}

fn area_names(conn: &mut DbConn, codes: impl IntoIterator<Item = String>) -> AppResult<HashMap<String, String>> {
    let codes: Vec<String> = codes.into_iter().collect::<HashSet<_>>().into_iter().collect();
    Ok(areas::find_many(conn, &codes)?
        .into_iter()
        .map(|a| (a.code, a.name))
        .collect())
}

/// Tells `account` a keyed `message` unless it was written already; returns whether it was
/// written now (so a job's count is of what it wrote, and a second run counts nothing).
fn tell(
    conn: &mut DbConn,
    call: &Call,
    message: &Message,
    account: &UserRow,
    recipient_kind: &str,
    context: serde_json::Value,
) -> AppResult<bool> {
    if let Some(key) = &message.dedupe_key {
        if crate::db::outbox::exists_key(conn, key)? {
            return Ok(false);
        }
    }
    queue::to_account(conn, call, message, account, recipient_kind, context, None)?;
    Ok(true)
}

fn day_words(day: NaiveDate) -> String {
    day.format("%-m月%-d日").to_string()
}

// --- 空缺时段 ------------------------------------------------------------------------------

/// How near a visitor lives to a slot's elder: the same village, the same town, further.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Nearness {
    SameVillage,
    SameTown,
    Further,
}

fn nearness(home: &str, village: &str) -> Nearness {
    if home == village {
        Nearness::SameVillage
    } else if home.get(..9).is_some_and(|t| village.get(..9) == Some(t)) {
        Nearness::SameTown
    } else {
        Nearness::Further
    }
}

/// Offers an open `slot` to the visitors who could claim it now (the claim's own rules,
/// [`super::slots::could_claim`]), nearest first by home (the same village, then the same
/// town, then by distance where known), at most [`OFFER_CAP`], never to `except` (who gave
/// it back) nor to anyone who switched offers off: a line in the app and a mail. Returns how
/// many were offered it now (not before).
pub fn offer_slot(conn: &mut DbConn, call: &Call, slot: &VisitSlotRow, except: Option<&AccountId>) -> AppResult<usize> {
    Ok(offer_slot_to(conn, call, slot, |v| Some(v) != except)?.len())
}

/// [`offer_slot`] to those of the visitors `may_tell` lets through: who was offered it now.
fn offer_slot_to(
    conn: &mut DbConn,
    call: &Call,
    slot: &VisitSlotRow,
    may_tell: impl Fn(&AccountId) -> bool,
) -> AppResult<Vec<AccountId>> {
    let Some(district) = AreaCode::parse(&slot.village_code)
        .ok()
        .and_then(|v| v.parent())
        .and_then(|t| t.parent())
    else {
        return Ok(vec![]);
    };
    let visitors: Vec<UserRow> = slots::visitors_in(conn, &Scope::System, &district)?
        .into_iter()
        .filter(|v| may_tell(&v.id))
        .collect();
    if visitors.is_empty() {
        return Ok(vec![]);
    }
    let ids: Vec<AccountId> = visitors.iter().map(|v| v.id.clone()).collect();
    let profiles: HashMap<AccountId, _> = slots::profiles_of(conn, &ids)?
        .into_iter()
        .map(|p| (p.user_id.clone(), p))
        .collect();
    let held: HashMap<AccountId, i64> = slots::held_counts(conn, &ids, &slot.month)?
        .into_iter()
        .filter_map(|(id, n)| Some((id?, n)))
        .collect();
    // 培训: whether the district's pack requires a training before an in-person visit, and
    // who has attended one (the claim rules' own `training_required`).
    let training_required =
        slot.in_person && super::training::rule_for(conn, call, &slot.village_code)?.before_first_in_person;
    let attended = if training_required {
        super::training::attended_counts(conn, &ids)?
    } else {
        HashMap::new()
    };
    let homes = profiles.values().map(|p| p.home_village_code.clone());
    let centres = super::slots::village_centres(conn, homes.chain([slot.village_code.clone()]))?;
    let target = centres.get(&slot.village_code).copied();
    let mut eligible = vec![];
    for visitor in visitors {
        let Some(profile) = profiles.get(&visitor.id) else {
            continue;
        };
        let held = u32::try_from(held.get(&visitor.id).copied().unwrap_or(0)).unwrap_or(u32::MAX);
        let training = (training_required, attended.get(&visitor.id).copied().unwrap_or(0));
        if !super::slots::could_claim(slot, &visitor, profile, held, training, call.today) {
            continue;
        }
        if queue::switched_off(conn, &visitor.id, MessageKind::SlotOffered)? {
            continue;
        }
        let distance = super::slots::visitor_location(profile, &centres)
            .zip(target)
            .map(|(a, b)| distance_m(a, b));
        let near = nearness(&profile.home_village_code, &slot.village_code);
        eligible.push(((near, distance.is_none(), distance, visitor.id.clone()), visitor));
    }
    eligible.sort_by(|a, b| a.0.cmp(&b.0));
    let Some(elder) = elders::find(conn, &Scope::System, &slot.elder_id)? else {
        return Ok(vec![]);
    };
    let (mode, mode_en) = super::messages::mode_words(slot);
    let village = area_names(conn, [slot.village_code.clone()])?
        .remove(&slot.village_code)
        .unwrap_or_default();
    let window = if slot.window_from == slot.window_to {
        day_words(slot.window_from)
    } else {
        format!("{}至{}", day_words(slot.window_from), day_words(slot.window_to))
    };
    let window_en = if slot.window_from == slot.window_to {
        slot.window_from.to_string()
    } else {
        format!("{} to {}", slot.window_from, slot.window_to)
    };
    let context = json!({
        "village": village, "surname": surname(&elder.name), "mode": mode, "mode_en": mode_en,
        "window": window, "window_en": window_en,
    });
    let mut offered = vec![];
    for (_, visitor) in eligible.into_iter().take(OFFER_CAP) {
        let message = Message::new(MessageKind::SlotOffered)
            .in_area(&slot.village_code)
            .keyed(format!("slot_offered:{}:{}:{}", slot.id, visitor.id, slot.window_from));
        if tell(conn, call, &message, &visitor, "visitor", context.clone())? {
            offered.push(visitor.id);
        }
    }
    Ok(offered)
}

/// 空缺时段 (daily, 08:00): every open slot whose window is running or opens within 48 hours
/// is offered as on release, the most urgent first (the window closing soonest); who was
/// offered it before is not offered it again, and no visitor hears of more than
/// [`DAILY_OFFERS_PER_VISITOR`] slots in one morning.
pub fn offer_open_slots(conn: &mut DbConn, call: &Call) -> AppResult<usize> {
    let until = call.today + TimeDelta::days(OFFER_AHEAD_DAYS);
    let mut open = slots::open_between(conn, call.today, until)?;
    open.sort_by(|a, b| (a.window_to, a.window_from, &a.id).cmp(&(b.window_to, b.window_from, &b.id)));
    let mut told: HashMap<AccountId, usize> = HashMap::new();
    let mut offered = 0;
    for slot in open {
        let has_room = |v: &AccountId| told.get(v).is_none_or(|n| *n < DAILY_OFFERS_PER_VISITOR);
        let now_told = write_transaction(conn, |c| offer_slot_to(c, call, &slot, has_room))?;
        offered += now_told.len();
        for visitor in now_told {
            *told.entry(visitor).or_default() += 1;
        }
    }
    Ok(offered)
}

// --- 逾期周报 ------------------------------------------------------------------------------

/// One elder behind on the month's visits, as a digest names them.
struct Behind {
    village: String,
    surname: String,
    days: i64,
}

/// 逾期周报 (weekly, Monday 08:00): the elders of each village behind on this month's required
/// visits (an item overdue, the same list as the overdue list of the app). Village staff get
/// their village's elders; town organizers their town's, village by village; district admins
/// how many in each town. Elders are named by surname and 老人 only (decision: staff read the
/// full file in the app; a mail may be forwarded). Areas with nobody behind are not written to.
pub fn overdue_digest(conn: &mut DbConn, call: &Call) -> AppResult<usize> {
    let week = call.today.iso_week();
    let period = format!("{}-W{:02}", week.year(), week.week());
    let month = Month::of(call.today);
    let mut written = 0;
    for district in areas::children(conn, None)? {
        let entries = super::policies::overdue(conn, call, month, &district.code)?;
        if entries.is_empty() {
            continue;
        }
        let ids: Vec<_> = entries.iter().map(|e| e.elder_id.clone()).collect();
        let files: HashMap<_, _> = elders::find_many(conn, &Scope::System, &ids)?
            .into_iter()
            .map(|e| (e.id.clone(), e))
            .collect();
        let behind: Vec<Behind> = entries
            .iter()
            .filter_map(|e| {
                let file = files.get(&e.elder_id)?;
                Some(Behind {
                    village: file.village_code.clone(),
                    surname: surname(&file.name),
                    days: e.days_overdue,
                })
            })
            .collect();
        let mut by_village: BTreeMap<String, Vec<&Behind>> = BTreeMap::new();
        for b in &behind {
            by_village.entry(b.village.clone()).or_default().push(b);
        }
        let mut by_town: BTreeMap<String, Vec<&Behind>> = BTreeMap::new();
        for b in &behind {
            by_town
                .entry(b.village.get(..9).unwrap_or_default().to_string())
                .or_default()
                .push(b);
        }
        let names = area_names(conn, by_village.keys().chain(by_town.keys()).cloned())?;
        let name = |code: &str| names.get(code).cloned().unwrap_or_default();
        let elder_line = |b: &Behind| format!("{}老人（逾期{}天）", b.surname, b.days);
        let elder_line_en = |b: &Behind| format!("{} (overdue {} days)", b.surname, b.days);

        for (village, list) in &by_village {
            let context = json!({
                "area": name(village), "count": list.len(), "month": month.month(),
                "lines": list.iter().map(|b| elder_line(b)).collect::<Vec<_>>(),
                "lines_en": list.iter().map(|b| elder_line_en(b)).collect::<Vec<_>>(),
            });
            written += write_transaction(conn, |c| {
                digest_to(c, call, &period, village, Role::VillageStaff, &context)
            })?;
        }
        for (town, list) in &by_town {
            let mut lines = vec![];
            let mut lines_en = vec![];
            for (village, in_village) in by_village.iter().filter(|(v, _)| v.starts_with(town.as_str())) {
                let people: Vec<String> = in_village.iter().map(|b| elder_line(b)).collect();
                let people_en: Vec<String> = in_village.iter().map(|b| elder_line_en(b)).collect();
                lines.push(format!(
                    "{}：{}人 — {}",
                    name(village),
                    in_village.len(),
                    people.join("、")
                ));
                lines_en.push(format!(
                    "{}: {} — {}",
                    name(village),
                    in_village.len(),
                    people_en.join(", ")
                ));
            }
            let context = json!({
                "area": name(town), "count": list.len(), "month": month.month(),
                "lines": lines, "lines_en": lines_en,
            });
            written += write_transaction(conn, |c| {
                digest_to(c, call, &period, town, Role::TownOrganizer, &context)
            })?;
        }
        let lines: Vec<String> = by_town
            .iter()
            .map(|(town, list)| format!("{}：{}人", name(town), list.len()))
            .collect();
        let lines_en: Vec<String> = by_town
            .iter()
            .map(|(town, list)| format!("{}: {}", name(town), list.len()))
            .collect();
        let context = json!({
            "area": district.name, "count": behind.len(), "month": month.month(),
            "lines": lines, "lines_en": lines_en,
        });
        written += write_transaction(conn, |c| {
            digest_to(c, call, &period, &district.code, Role::DistrictAdmin, &context)
        })?;
    }
    Ok(written)
}

/// Writes a digest of `area` to its active accounts of `role`; returns how many.
fn digest_to(
    conn: &mut DbConn,
    call: &Call,
    period: &str,
    area: &str,
    role: Role,
    context: &serde_json::Value,
) -> AppResult<usize> {
    let mut written = 0;
    for receiver in users::active_in(conn, role, area)? {
        let message = Message::new(MessageKind::OverdueDigest)
            .in_area(area)
            .keyed(format!("overdue_digest:{period}:{area}:{}", receiver.id));
        if tell(conn, call, &message, &receiver, role.as_str(), context.clone())? {
            written += 1;
        }
    }
    Ok(written)
}

// --- 半年复核提醒 --------------------------------------------------------------------------

/// 半年复核提醒 (monthly, the 1st at 08:00): the elders in service whose half-yearly review
/// ([`super::elders::next_review_due`]) falls due by the end of this month, or is overdue,
/// to the organizers of their town: by village, surname and 老人, and the day it is due.
pub fn reviews_due(conn: &mut DbConn, call: &Call) -> AppResult<usize> {
    let month = Month::of(call.today);
    let last: HashMap<_, _> = elders::last_reviews(conn)?.into_iter().collect();
    let mut by_town: BTreeMap<String, Vec<(String, String, NaiveDate)>> = BTreeMap::new();
    for (id, village, name, created_at) in elders::in_service(conn)? {
        let registered = crate::domain::clock::district_date(created_at.and_utc());
        let due = super::elders::next_review_due(last.get(&id).copied().flatten(), registered);
        if due <= month.last_day() {
            let town = village.get(..9).unwrap_or_default().to_string();
            by_town.entry(town).or_default().push((village, surname(&name), due));
        }
    }
    let names = area_names(
        conn,
        by_town
            .iter()
            .flat_map(|(t, list)| list.iter().map(|e| e.0.clone()).chain([t.clone()])),
    )?;
    let mut written = 0;
    for (town, mut list) in by_town {
        list.sort_by(|a, b| (a.2, &a.0, &a.1).cmp(&(b.2, &b.0, &b.1)));
        let overdue = list.iter().filter(|e| e.2 < month.first_day()).count();
        let line = |(village, surname, due): &(String, String, NaiveDate)| {
            let late = if *due < month.first_day() { "，已逾期" } else { "" };
            format!(
                "{} {}老人：应于{}前复核{late}",
                names.get(village).cloned().unwrap_or_default(),
                surname,
                day_words(*due)
            )
        };
        let line_en = |(village, surname, due): &(String, String, NaiveDate)| {
            let late = if *due < month.first_day() { ", overdue" } else { "" };
            format!(
                "{} in {}: due by {due}{late}",
                surname,
                names.get(village).cloned().unwrap_or_default()
            )
        };
        let context = json!({
            "area": names.get(&town).cloned().unwrap_or_default(),
            "count": list.len(), "overdue": overdue, "month": month.month(),
            "lines": list.iter().map(line).collect::<Vec<_>>(),
            "lines_en": list.iter().map(line_en).collect::<Vec<_>>(),
        });
        written += write_transaction(conn, |c| {
            let mut n = 0;
            for organizer in users::active_in(c, Role::TownOrganizer, &town)? {
                let message = Message::new(MessageKind::ReviewDue)
                    .in_area(&town)
                    .keyed(format!("review_due:{month}:{town}:{}", organizer.id));
                if tell(c, call, &message, &organizer, "town", context.clone())? {
                    n += 1;
                }
            }
            Ok::<_, AppError>(n)
        })?;
    }
    Ok(written)
}

// --- 学生服务周报 --------------------------------------------------------------------------

/// Minutes and visits credited to one set of accounts by `transfers`: the net minutes, and
/// the records whose net credit is above zero (a reversed record counts for nothing).
fn credited(transfers: &[TransferRow], accounts: &HashSet<LedgerAccountId>) -> (i64, usize) {
    let mut by_record: HashMap<Option<RecordId>, i64> = HashMap::new();
    let mut seen = HashSet::new();
    for t in transfers.iter().filter(|t| seen.insert(t.id.clone())) {
        let signed = match (
            accounts.contains(&t.credit_account_id),
            accounts.contains(&t.debit_account_id),
        ) {
            (true, false) => t.amount_minutes,
            (false, true) => -t.amount_minutes,
            _ => 0,
        };
        *by_record.entry(t.record_id.clone()).or_default() += signed;
    }
    let minutes = by_record.values().sum();
    let visits = by_record.iter().filter(|(r, m)| r.is_some() && **m > 0).count();
    (minutes, visits)
}

/// The Monday that begins the ISO week of `day`.
fn monday_of(day: NaiveDate) -> NaiveDate {
    day - TimeDelta::days(i64::from(day.weekday().num_days_from_monday()))
}

/// 学生服务周报 (weekly, Monday 08:00): to each school's admins, the service credit their
/// students earned in the week just ended (Monday to Sunday) and in the term up to the run, by
/// student (the school reads its own students' names) and in total. Hours count when the
/// visit is accepted and credited (the ledger's time), as the certification reads them.
pub fn school_summaries(conn: &mut DbConn, call: &Call) -> AppResult<usize> {
    let week_to = monday_of(call.today);
    let week_from = week_to - TimeDelta::days(7);
    let term = Term::of(week_from);
    let (from, to) = (day_start(week_from), day_start(week_to));
    let mut written = 0;
    for school in users::schools(conn)? {
        let admins = users::school_admins(conn, &school.id)?;
        if admins.is_empty() {
            continue;
        }
        let accounts = ledger::school_accounts(conn, &school.id, &term.code())?;
        let students: HashMap<AccountId, UserRow> = users::by_ids(
            conn,
            &accounts.iter().filter_map(|a| a.user_id.clone()).collect::<Vec<_>>(),
        )?
        .into_iter()
        .map(|u| (u.id.clone(), u))
        .collect();
        let mut lines = vec![];
        let mut lines_en = vec![];
        let (mut week_total, mut term_total) = ((0, 0), (0, 0));
        let mut served = 0;
        for account in &accounts {
            let Some(student) = account.user_id.as_ref().and_then(|u| students.get(u)) else {
                continue;
            };
            let mine = HashSet::from([account.id.clone()]);
            let all = ledger::transfers_between(conn, std::slice::from_ref(&account.id), None, call.now)?;
            let (term_minutes, term_visits) = credited(&all, &mine);
            let week: Vec<TransferRow> = all
                .into_iter()
                .filter(|t| t.created_at >= from && t.created_at < to)
                .collect();
            let (week_minutes, week_visits) = credited(&week, &mine);
            if term_minutes == 0 && term_visits == 0 {
                continue;
            }
            if week_visits > 0 {
                served += 1;
            }
            week_total = (week_total.0 + week_minutes, week_total.1 + week_visits);
            term_total = (term_total.0 + term_minutes, term_total.1 + term_visits);
            lines.push(format!(
                "{}：本周{}次 {}；本学期{}次 {}",
                student.display_name,
                week_visits,
                hours_text(week_minutes),
                term_visits,
                hours_text(term_minutes)
            ));
            lines_en.push(format!(
                "{}: this week {week_visits} visits, {week_minutes} min; this term {term_visits} visits, {term_minutes} min",
                student.display_name
            ));
        }
        let context = json!({
            "school": school.name, "term": term.label_zh(), "term_code": term.code(),
            "from": day_words(week_from), "to": day_words(week_to - TimeDelta::days(1)),
            "week_visits": week_total.1, "week_hours": hours_text(week_total.0),
            "week_minutes": week_total.0, "served": served,
            "term_visits": term_total.1, "term_hours": hours_text(term_total.0),
            "term_minutes": term_total.0, "lines": lines, "lines_en": lines_en,
        });
        let week = week_from.iso_week();
        written += write_transaction(conn, |c| {
            let mut n = 0;
            for admin in &admins {
                let message = Message::new(MessageKind::SchoolSummary)
                    .in_area(&school.area_code)
                    .keyed(format!(
                        "school_summary:{}-W{:02}:{}:{}",
                        week.year(),
                        week.week(),
                        school.id,
                        admin.id
                    ));
                if tell(c, call, &message, admin, "school", context.clone())? {
                    n += 1;
                }
            }
            Ok::<_, AppError>(n)
        })?;
    }
    Ok(written)
}

// --- 时间银行月结单 ------------------------------------------------------------------------

/// 时间银行月结单 (monthly, the 1st at 08:00): to every person with a time-bank account, last
/// month's entries (day, kind, minutes in or out) and the balance at the month's end, from the
/// ledger.
pub fn time_bank_statements(conn: &mut DbConn, call: &Call) -> AppResult<usize> {
    let this_month = Month::of(call.today);
    let first = this_month.first_day();
    let last_month = this_month.previous();
    let (from, to) = (day_start(last_month.first_day()), day_start(first));
    let mut written = 0;
    for account in ledger::holder_accounts(conn, Book::TimeBank)? {
        let Some(holder) = account.user_id.as_ref() else {
            continue;
        };
        let Some(person) = users::by_id(conn, holder)?.filter(|u| u.status == AccountStatus::Active) else {
            continue;
        };
        let all = ledger::transfers_between(conn, std::slice::from_ref(&account.id), None, to)?;
        let signed = |t: &TransferRow| {
            if t.credit_account_id == account.id {
                t.amount_minutes
            } else {
                -t.amount_minutes
            }
        };
        let balance: i64 = all.iter().map(signed).sum();
        let entries: Vec<&TransferRow> = all.iter().filter(|t| t.created_at >= from).collect();
        let (mut gained, mut spent) = (0, 0);
        let mut lines = vec![];
        let mut lines_en = vec![];
        for t in &entries {
            let minutes = signed(t);
            if minutes >= 0 {
                gained += minutes;
            } else {
                spent -= minutes;
            }
            let day = t.created_at.and_utc().with_timezone(&DISTRICT_OFFSET).date_naive();
            lines.push(format!("{} {} {:+}分钟", day_words(day), t.kind.label_zh(), minutes));
            lines_en.push(format!("{day} {} {minutes:+} min", t.kind.as_str()));
        }
        let context = json!({
            "month": last_month.month(), "year": last_month.year(),
            "month_code": last_month.to_string(),
            "count": entries.len(), "gained": gained, "spent": spent,
            "balance": balance, "balance_hours": hours_text(balance),
            "lines": lines, "lines_en": lines_en,
        });
        let message = Message::new(MessageKind::TimeBankStatement)
            .keyed(format!("time_bank_statement:{last_month}:{}", account.id));
        if write_transaction(conn, |c| tell(c, call, &message, &person, "visitor", context.clone()))? {
            written += 1;
        }
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearer_homes_come_first() {
        assert_eq!(nearness("500112001001", "500112001001"), Nearness::SameVillage);
        assert_eq!(nearness("500112001002", "500112001001"), Nearness::SameTown);
        assert_eq!(nearness("500112002001", "500112001001"), Nearness::Further);
        assert!(Nearness::SameVillage < Nearness::SameTown && Nearness::SameTown < Nearness::Further);
    }

    #[test]
    fn a_district_day_begins_at_16_utc_the_day_before() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap_or_default();
        assert_eq!(day_start(d).to_string(), "2026-10-31 16:00:00");
        assert_eq!(
            monday_of(NaiveDate::from_ymd_opt(2026, 11, 18).unwrap_or_default()).to_string(),
            "2026-11-16"
        );
    }
}
