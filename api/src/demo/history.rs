//! 探访历史 — the demo's past (issue #19, "a first look that convinces"): after [`super::run`]
//! and [`super::first_look`], [`history`] gives the demo district's first town (the one
//! `town.organizer` sees) a believable record of visits, made through the same services a
//! volunteer and an organizer use, so that the time bank, the record numbers (第 N 次, 记录编号),
//! coverage and the lost-contact state agree with each other:
//!
//! - the previous month: nearly every visit the elders owed, each claimed by one of the elder's
//!   own village volunteers (`{village}.v1`…), recorded on the visit's day with the elder's
//!   signature and safe findings (no risk, so no case), and accepted by the town organizer that
//!   evening; the elders of about [`MISSED_PERCENT`]% were not visited that month;
//! - the current month up to yesterday: the slots whose window has started, each taken with the
//!   share of its window gone by (a slot of the whole month on the 18th: 17 in 30), so that the
//!   month reads as half done; the rest stays open for the demo's named accounts.
//!
//! Decision: only the first town, whose organizer and village staff are the demo's named
//! accounts (the other towns have no organizer to accept their records), and only the named
//! village volunteers visit; the named demo accounts (`volunteer`, `student` …) hold nothing.
//! Idempotent: which elder is missed, which slot is taken and on which day follow from the
//! slot (its elder, requirement, window and number), not from the run, so a second run at the
//! same moment finds every chosen slot done and adds nothing.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, Utc};
use serde_json::json;

use super::generate::{self, DemoPlan};
use super::VISITORS_PER_VILLAGE;
use crate::auth::keys::Keys;
use crate::db::models::{UserRow, VisitSlotRow};
use crate::db::{Database, DbConn};
use crate::domain::access::{Actor, Scope};
use crate::domain::area::{AreaCode, AreaLevel};
use crate::domain::clock::{district_date, DISTRICT_OFFSET};
use crate::domain::id::AccountId;
use crate::domain::message::MessageKind;
use crate::domain::period::Month;
use crate::domain::policy::visit_mode::VisitMode;
use crate::domain::policy::PackRegistry;
use crate::error::{AppError, AppResult};
use crate::service::photos::PhotoStore;
use crate::service::records::ReviewDecision;
use crate::service::Call;

/// The share (in %) of the first town's elders nobody visited in a month (decision: a closed
/// month in which every visit was made would not look real).
pub const MISSED_PERCENT: u64 = 4;

/// What [`history`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct History {
    /// Visits recorded and accepted in this run (none on a second run).
    pub visits_added: usize,
    /// Of those, in the previous month.
    pub previous_month: usize,
}

/// A visit to make: the slot, on which day, in which month.
struct Planned {
    day: NaiveDate,
    slot: VisitSlotRow,
    previous: bool,
}

/// A village volunteer and how many visits a month they offer.
struct Volunteer {
    user: UserRow,
    capacity: i64,
}

/// Gives the demo district's first town its past of visits as of `now` (see the module), the
/// elders' signature images written to `store`.
pub fn history(
    db: &Database,
    keys: &Keys,
    packs: &Arc<PackRegistry>,
    plan: &DemoPlan,
    now: DateTime<Utc>,
    store: &PhotoStore,
) -> AppResult<History> {
    let today = district_date(now);
    let current = Month::of(today);
    let previous = current.previous();
    let Some(yesterday) = today.pred_opt() else {
        return Ok(History::default());
    };
    let areas = generate::areas(plan);
    let Some(town) = areas.iter().find(|a| a.level == AreaLevel::Town) else {
        return Ok(History::default());
    };
    let town_code = AreaCode::parse(&town.code)
        .map_err(|_| AppError::Internal(format!("demo town code {} is invalid", town.code)))?;
    let villages: Vec<String> = areas
        .iter()
        .filter(|a| a.level == AreaLevel::Village && a.parent_code.as_deref() == Some(town.code.as_str()))
        .map(|a| a.code.clone())
        .collect();
    let system = |at: DateTime<Utc>| Call::at(at, Actor::system("demo"), keys.cipher(), packs.clone());
    db.with_conn(|conn| {
        let Some(organizer) = crate::db::users::by_username(conn, "town.organizer")? else {
            return Ok(History::default());
        };
        let mut teams: HashMap<String, Vec<Volunteer>> = HashMap::new();
        for village in &villages {
            let mut team = Vec::new();
            for k in 1..=VISITORS_PER_VILLAGE {
                let Some(user) = crate::db::users::by_username(conn, &format!("{village}.v{k}"))? else {
                    continue;
                };
                let Some(profile) = crate::db::slots::profile(conn, &user.id)? else {
                    continue;
                };
                team.push(Volunteer {
                    user,
                    capacity: i64::from(profile.capacity_per_month),
                });
            }
            teams.insert(village.clone(), team);
        }

        // The months' slots as they were on their first morning (the first half of the
        // current month included, whose window has passed by now).
        let mut planned = Vec::new();
        let at_now = system(now);
        let mut watched_elders: HashMap<crate::domain::id::ElderId, bool> = HashMap::new();
        for (month, last, is_previous) in [(previous, previous.last_day(), true), (current, yesterday, false)] {
            crate::service::slots::generate(conn, &system(local(month.first_day(), 7 * 60)), month, &town.code)?;
            let mut open = crate::db::slots::open_in_month(conn, &Scope::System, &town_code, &month.to_string(), None)?;
            // Per elder, the narrowest windows first (a festival's ten days before the month):
            // a visit counts for every requirement whose window holds its day, so a slot whose
            // window already holds a visit for another requirement needs no visit of its own.
            open.sort_by(|a, b| {
                (a.elder_id.as_str(), a.window_to - a.window_from, a.window_from, a.seq).cmp(&(
                    b.elder_id.as_str(),
                    b.window_to - b.window_from,
                    b.window_from,
                    b.seq,
                ))
            });
            let mut chosen: Vec<(NaiveDate, VisitMode, Vec<String>)> = Vec::new();
            let mut elder = None;
            for slot in open {
                if elder.as_ref() != Some(&slot.elder_id) {
                    elder = Some(slot.elder_id.clone());
                    chosen.clear();
                }
                let requirement = format!("{}|{}", slot.requirement_key, slot.window_from);
                // An in-person visit counts for any mode; another only where no visit at home is asked.
                let counted = chosen.iter_mut().find(|(day, mode, counts)| {
                    slot.window_from <= *day
                        && *day <= slot.window_to
                        && (*mode == VisitMode::InPerson || !slot.in_person)
                        && !counts.contains(&requirement)
                });
                if let Some((_, _, counts)) = counted {
                    counts.push(requirement);
                    continue;
                }
                let watched = match watched_elders.get(&slot.elder_id) {
                    Some(w) => *w,
                    None => {
                        let w = match crate::db::elders::find(conn, &Scope::System, &slot.elder_id)? {
                            Some(row) => {
                                crate::service::policies::lost_contact_rule(conn, &at_now, &row, today)?.is_some()
                            }
                            None => false,
                        };
                        watched_elders.insert(slot.elder_id.clone(), w);
                        w
                    }
                };
                if let Some(day) = visit_day(conn, &slot, month, last, watched.then_some(today))? {
                    chosen.push((day, mode_of(&slot), vec![requirement]));
                    planned.push(Planned {
                        day,
                        slot,
                        previous: is_previous,
                    });
                }
            }
        }
        planned.sort_by(|a, b| {
            (
                a.day,
                &a.slot.village_code,
                a.slot.elder_id.as_str(),
                a.slot.window_from,
                a.slot.seq,
            )
                .cmp(&(
                    b.day,
                    &b.slot.village_code,
                    b.slot.elder_id.as_str(),
                    b.slot.window_from,
                    b.slot.seq,
                ))
        });

        // Claims of the past confirm nothing to anyone now: the volunteers' claim
        // confirmations are switched off while the history is written (through their own
        // settings), and switched on again after, unless a volunteer had switched them off.
        let mut quiet = Vec::new();
        for volunteer in teams.values().flatten() {
            let off = crate::db::outbox::opted_out(conn, &volunteer.user.id)?;
            if !off.contains(&MessageKind::ClaimConfirmed) {
                let call = Call::at(
                    now,
                    crate::service::sessions::actor_of(&volunteer.user),
                    keys.cipher(),
                    packs.clone(),
                );
                crate::service::preferences::set_opt_out(conn, &call, MessageKind::ClaimConfirmed, true)?;
                quiet.push(call);
            }
        }

        let mut done = History::default();
        let mut held: HashMap<(AccountId, String), i64> = HashMap::new();
        let mut that_day: HashMap<(AccountId, NaiveDate), i64> = HashMap::new();
        let mut turn: HashMap<String, usize> = HashMap::new();
        for visit in &planned {
            let Some(team) = teams.get(&visit.slot.village_code) else {
                continue;
            };
            // The village's volunteers take turns, each up to what they offer a month.
            let start = turn.get(&visit.slot.village_code).copied().unwrap_or(0);
            let mut chosen = None;
            for i in 0..team.len() {
                let Some(volunteer) = team.get((start + i) % team.len()) else {
                    continue;
                };
                let key = (volunteer.user.id.clone(), visit.slot.month.clone());
                let count = match held.get(&key) {
                    Some(n) => *n,
                    None => crate::db::slots::held_in_month(conn, &volunteer.user.id, &visit.slot.month)?,
                };
                held.insert(key.clone(), count);
                if count < volunteer.capacity {
                    chosen = Some((start + i, volunteer, key));
                    break;
                }
            }
            let Some((index, volunteer, key)) = chosen else {
                continue;
            };
            turn.insert(visit.slot.village_code.clone(), index + 1);
            *held.entry(key).or_insert(0) += 1;
            let nth = that_day.entry((volunteer.user.id.clone(), visit.day)).or_insert(0);
            let order = *nth;
            *nth += 1;
            visit_once(conn, keys, packs, store, visit, &volunteer.user, &organizer, order)?;
            done.visits_added += 1;
            if visit.previous {
                done.previous_month += 1;
            }
        }

        for call in &quiet {
            crate::service::preferences::set_opt_out(conn, call, MessageKind::ClaimConfirmed, false)?;
        }

        // As the 07:00 job would: what nobody took of a passed window closes.
        for month in [previous, current] {
            crate::service::slots::generate(conn, &system(now), month, &town.code)?;
        }
        Ok(done)
    })
}

/// The day `slot` was visited, up to `last`, or none: its elder was missed in `month`, its
/// window had not started, or (while the window runs) it was not done yet. A slot is taken
/// with the share of its window gone by, on a day of that part of the window, and not before
/// its elder came into the register. An elder under a lost-contact rule (`watched`: as of
/// that day) is seen as late in the window as may be, within the six days before it if the
/// window allows (decision: their volunteers see them last, so that the first morning's
/// 失联巡检, whose rule is a week without contact, finds them reached).
fn visit_day(
    conn: &mut DbConn,
    slot: &VisitSlotRow,
    month: Month,
    last: NaiveDate,
    watched: Option<NaiveDate>,
) -> AppResult<Option<NaiveDate>> {
    if slot.needs_professional {
        return Ok(None);
    }
    if mix(&format!("missed|{}|{month}", slot.elder_id.as_str())) % 100 < MISSED_PERCENT {
        return Ok(None);
    }
    let until = slot.window_to.min(last);
    if until < slot.window_from {
        return Ok(None);
    }
    let key = slot_key(slot);
    let window = days(slot.window_from, slot.window_to);
    let gone = days(slot.window_from, until);
    if mix(&format!("pace|{key}")) % window >= gone {
        return Ok(None);
    }
    let Some(registered) = crate::db::elders::registered_on(conn, &slot.elder_id)? else {
        return Ok(None);
    };
    let mut from = slot.window_from.max(registered);
    if until < from {
        return Ok(None);
    }
    if let Some(today) = watched {
        let recent = today.checked_sub_days(chrono::Days::new(6)).unwrap_or(today);
        let late = until.checked_sub_days(chrono::Days::new(4)).unwrap_or(until);
        from = from.max(if recent <= until { recent } else { late });
    }
    let offset = mix(&format!("day|{key}")) % days(from, until);
    Ok(from.checked_add_days(chrono::Days::new(offset)))
}

/// What tells `slot` apart in the month, the same in every run: the seed of its choices and of
/// its record's submission id.
fn slot_key(slot: &VisitSlotRow) -> String {
    format!(
        "{}|{}|{}|{}",
        slot.elder_id.as_str(),
        slot.requirement_key,
        slot.window_from,
        slot.seq
    )
}

/// Days from `from` to `to`, both counted (at least 1).
fn days(from: NaiveDate, to: NaiveDate) -> u64 {
    u64::try_from((to - from).num_days() + 1).unwrap_or(1).max(1)
}

/// One visit through the services: `volunteer` claims the slot that morning, visits for 40
/// minutes (the `order`-th visit of their day, an hour and a quarter apart), has the elder sign
/// and submits the record; `organizer` accepts it that evening.
#[expect(clippy::too_many_arguments, reason = "one visit's parts, all needed")]
fn visit_once(
    conn: &mut DbConn,
    keys: &Keys,
    packs: &Arc<PackRegistry>,
    store: &PhotoStore,
    visit: &Planned,
    volunteer: &UserRow,
    organizer: &UserRow,
    order: i64,
) -> AppResult<()> {
    let slot = &visit.slot;
    let as_volunteer = |at: DateTime<Utc>| {
        Call::at(
            at,
            crate::service::sessions::actor_of(volunteer),
            keys.cipher(),
            packs.clone(),
        )
    };
    let failed = |what: &str, e: AppError| AppError::Internal(format!("demo history, {what} on {}: {e}", visit.day));

    crate::service::slots::claim(conn, &as_volunteer(local(visit.day, 8 * 60 + order)), &slot.id, None)
        .map_err(|e| failed("claim", e))?;

    let start = local(visit.day, 9 * 60 + 75 * order);
    let end = start + TimeDelta::minutes(40);
    let signed = as_volunteer(end);
    let image = crate::service::photos::prepare(&signed, "image/png", &signature_png(slot.elder_id.as_str()))?;
    store.store(&image)?;
    let signature = crate::service::photos::record(conn, &signed, &image)?;

    let key = format!("demo-history|{}", slot_key(slot));
    let mode = mode_of(slot);
    let person = json!({ "id": volunteer.id, "name": volunteer.display_name });
    let stamp = |t: DateTime<Utc>| t.with_timezone(&DISTRICT_OFFSET).to_rfc3339();
    let (mood, mobility) = match mix(&key) % 4 {
        0 => ("better", "unchanged"),
        1 => ("unchanged", "better"),
        _ => ("unchanged", "unchanged"),
    };
    let record = json!({
        "formatVersion": "1.1.0",
        "submissionId": uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, key.as_bytes()).to_string(),
        "elderId": slot.elder_id,
        "slotId": slot.id,
        "startedAt": stamp(start),
        "endedAt": stamp(end),
        "mode": mode.as_str(),
        "visitor": person,
        "health": { "mobility": { "scale": "change", "value": mobility },
                    "expression": { "scale": "change", "value": "unchanged" } },
        "mental": { "mood": { "scale": "change", "value": mood } },
        "safety": { "gas": { "scale": "safety", "value": "safe" },
                    "electricity": { "scale": "safety", "value": "safe" } },
        "hygiene": { "personal": { "scale": "change", "value": "unchanged" } },
        "confirmation": {
            "visitor": { "confirmedAt": stamp(end) },
            "elder": { "method": "signature", "confirmedAt": stamp(end),
                       "signature": { "ref": signature.reference, "sha256": signature.sha256,
                                      "contentType": "image/png" } },
            "enteredBy": { "person": person, "enteredAt": stamp(end) }
        }
    });
    let submitted =
        crate::service::records::submit(conn, &as_volunteer(end + TimeDelta::minutes(5)), &record.to_string())
            .map_err(|e| failed("submit", e))?;

    let review = Call::at(
        local(visit.day, 18 * 60 + order),
        crate::service::sessions::actor_of(organizer),
        keys.cipher(),
        packs.clone(),
    );
    // Two visits of one volunteer close together are flagged; the organizer notes the check.
    let flagged = !crate::db::records::signals_of(conn, std::slice::from_ref(&submitted.record.id))?.is_empty();
    let comment = flagged.then_some("已电话回访老人，探访属实");
    crate::service::records::review(
        conn,
        &review,
        &submitted.record.id,
        ReviewDecision::Accept,
        comment,
        submitted.record.version,
    )
    .map_err(|e| failed("review", e))?;
    Ok(())
}

/// How the volunteers visit for `slot`: at home, unless the slot asks for another way only.
fn mode_of(slot: &VisitSlotRow) -> VisitMode {
    if slot.modes.is_empty() || slot.modes.contains(&VisitMode::InPerson) {
        VisitMode::InPerson
    } else {
        slot.modes.first().copied().unwrap_or(VisitMode::InPerson)
    }
}

/// `minutes` after midnight (district time) of `day`.
fn local(day: NaiveDate, minutes: i64) -> DateTime<Utc> {
    let offset = TimeDelta::seconds(i64::from(DISTRICT_OFFSET.local_minus_utc()));
    (day.and_time(NaiveTime::MIN) + TimeDelta::minutes(minutes) - offset).and_utc()
}

/// FNV-1a of `text`: a stable choice per slot (the same in every run and build).
fn mix(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A small grey PNG of a pen stroke, one per elder (`seed`): the elder's signature.
fn signature_png(seed: &str) -> Vec<u8> {
    const W: u32 = 48;
    const H: u32 = 16;
    let h = mix(seed);
    let mut raw = Vec::new();
    for y in 0..H {
        raw.push(0); // filter: none
        for x in 0..W {
            let line = 4 + (h.rotate_left(x % 64) % 8) as u32;
            raw.push(if y == line || y == line + 1 { 40 } else { 250 });
        }
    }
    let mut zlib = vec![0x78, 0x01, 0x01];
    let len = u16::try_from(raw.len()).unwrap_or(u16::MAX);
    zlib.extend_from_slice(&len.to_le_bytes());
    zlib.extend_from_slice(&(!len).to_le_bytes());
    zlib.extend_from_slice(&raw);
    let (a, b) = raw.iter().fold((1u32, 0u32), |(a, b), &byte| {
        let a = (a + u32::from(byte)) % 65_521;
        (a, (b + a) % 65_521)
    });
    zlib.extend_from_slice(&((b << 16) | a).to_be_bytes());
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&W.to_be_bytes());
    ihdr.extend_from_slice(&H.to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
    let mut png = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    for (kind, data) in [(b"IHDR", ihdr), (b"IDAT", zlib), (b"IEND", Vec::new())] {
        png.extend_from_slice(&u32::try_from(data.len()).unwrap_or(0).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(&data);
        png.extend_from_slice(&body);
        png.extend_from_slice(&crate::domain::photo::crc32(&body).to_be_bytes());
    }
    png
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_is_a_png_the_upload_accepts_and_differs_per_elder() {
        let one = signature_png("elder-1");
        let (kind, clean) = crate::domain::photo::clean("image/png", &one).expect("a valid png");
        assert_eq!(kind, crate::domain::record::format::ImageType::Png);
        assert_eq!(clean, one);
        assert_ne!(one, signature_png("elder-2"));
    }

    #[test]
    fn a_day_in_the_district_is_eight_hours_ahead_of_utc() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 1).expect("day");
        assert_eq!(local(day, 9 * 60).to_rfc3339(), "2026-11-01T01:00:00+00:00");
    }
}
