//! 日历订阅 — a claimed visit as an iCalendar (RFC 5545) event, for a visitor's calendar feed
//! and for the `.ics` attached to a claim's confirmation mail. This module is the one place
//! events are built: the feed and the mail carry the same VEVENT for a slot. Pure: the caller
//! brings the slot's facts, the elder's name and the village's name.
//!
//! What an event shows (decision): the elder as surname + 老人 (张老人), the visit modes, the
//! requirement's label and the village's name. Never the full name, a phone number or an
//! address: a calendar is synced to phones and third-party servers. Times are UTC instants
//! (decision: `DTSTART`/`DTEND` end in `Z`, no `VTIMEZONE`): the slot's window runs from
//! 00:00 Asia/Shanghai of its first day to 00:00 Asia/Shanghai after its last day.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeDelta, Utc};
use icalendar::{Calendar, Component, Event, EventLike, EventStatus, Property};

use super::clock::DISTRICT_OFFSET;
use super::policy::VisitMode;
use super::slot::SlotStatus;

/// What one claimed visit's event is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitEvent {
    /// The slot's id: the event's UID is built from it, so an app updates the event instead
    /// of adding a second one.
    pub slot_id: String,
    /// The elder's full name as filed; only the surname leaves this module.
    pub elder_name: String,
    /// The village's name (e.g. 桃源村), if known.
    pub village_name: Option<String>,
    /// The requirement's label (e.g. 每周电话问候).
    pub label: String,
    pub modes: Vec<VisitMode>,
    pub window_from: NaiveDate,
    pub window_to: NaiveDate,
    pub status: SlotStatus,
    /// Whether the visitor goes as co-visitor (同行) rather than holder.
    pub co_visitor: bool,
    /// When the slot was created and last changed: `SEQUENCE` and `LAST-MODIFIED`.
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Common Chinese two-character surnames (复姓); any other name's surname is its first character.
const COMPOUND_SURNAMES: [&str; 20] = [
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "令狐", "夏侯",
    "独孤", "端木", "南宫", "西门", "轩辕", "呼延",
];

/// 姓 — the surname an elder is named by where a calendar or a message may not carry the full
/// name: a common two-character surname (欧阳) whole, else the first character; empty when no
/// name is known.
pub fn surname(name: &str) -> String {
    let name = name.trim();
    COMPOUND_SURNAMES
        .iter()
        .find(|s| name.starts_with(**s))
        .map(|s| (*s).to_string())
        .or_else(|| name.chars().next().map(String::from))
        .unwrap_or_default()
}

/// 称呼 — how a calendar names the elder: surname + 老人 (张老人, 欧阳老人); 老人 alone when no
/// name is known.
pub fn elder_title(name: &str) -> String {
    format!("{}老人", surname(name))
}

fn mode_word(mode: VisitMode) -> &'static str {
    match mode {
        VisitMode::InPerson => "上门",
        VisitMode::Phone => "电话",
        VisitMode::Video => "视频",
        VisitMode::RemoteMonitoring => "远程监测",
        VisitMode::Other => "其他",
    }
}

/// The event's summary: 探访 张老人（电话）, modes joined by 或 when any of several will do.
pub fn summary(event: &VisitEvent) -> String {
    let modes: Vec<&str> = event.modes.iter().map(|m| mode_word(*m)).collect();
    let title = elder_title(&event.elder_name);
    if modes.is_empty() {
        format!("探访 {title}")
    } else {
        format!("探访 {title}（{}）", modes.join("或"))
    }
}

/// The instant a district day starts (00:00 Asia/Shanghai).
pub fn day_start(day: NaiveDate) -> DateTime<Utc> {
    (day.and_time(chrono::NaiveTime::MIN) - TimeDelta::seconds(i64::from(DISTRICT_OFFSET.local_minus_utc()))).and_utc()
}

/// The window as instants: the start of its first day and the start of the day after its last.
pub fn window_instants(from: NaiveDate, to: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
    (day_start(from), day_start(to + TimeDelta::days(1)))
}

/// The event's UID: stable per slot, the same in every feed and mail.
pub fn uid(slot_id: &str) -> String {
    format!("slot-{slot_id}@tanfang")
}

/// 日历事件 — one claimed visit as a VEVENT, stamped at `stamp` (when the feed or mail is
/// made). A claimed or done slot is CONFIRMED; a cancelled one CANCELLED (for a mail saying
/// a claim was withdrawn; the feed leaves released slots out).
pub fn visit_event(event: &VisitEvent, stamp: DateTime<Utc>) -> Event {
    let (start, end) = window_instants(event.window_from, event.window_to);
    let status = match event.status {
        SlotStatus::Cancelled | SlotStatus::Open => EventStatus::Cancelled,
        SlotStatus::Claimed | SlotStatus::Done => EventStatus::Confirmed,
    };
    let mut lines = vec![event.label.clone()];
    if let Some(village) = &event.village_name {
        lines.push(format!("地点：{village}"));
    }
    if event.co_visitor {
        lines.push("你是同行人".to_string());
    }
    match event.status {
        SlotStatus::Done => lines.push("已完成".to_string()),
        SlotStatus::Cancelled | SlotStatus::Open => lines.push("已取消".to_string()),
        SlotStatus::Claimed => {}
    }
    lines.push("老人的电话和住址请在探访 App 中查看。".to_string());
    // Each change of the slot moves its updated_at forward: a sequence that only grows.
    let sequence = u32::try_from((event.updated_at - event.created_at).num_seconds().max(0)).unwrap_or(u32::MAX);
    let mut built = Event::new();
    built
        .uid(&uid(&event.slot_id))
        .timestamp(stamp)
        .summary(&summary(event))
        .description(&lines.join("\n"))
        .starts(start)
        .ends(end)
        .status(status)
        .sequence(sequence)
        .last_modified(event.updated_at.and_utc());
    if let Some(village) = &event.village_name {
        built.location(village);
    }
    built.done()
}

/// 日历 — the events as one iCalendar text (CRLF lines), named `name` (X-WR-CALNAME),
/// suggesting apps refresh it hourly.
pub fn calendar_of(name: &str, events: Vec<Event>) -> String {
    let mut calendar = Calendar::new();
    calendar
        .name(name)
        .append_property(
            Property::new("REFRESH-INTERVAL", "PT1H")
                .add_parameter("VALUE", "DURATION")
                .done(),
        )
        .append_property(("X-PUBLISHED-TTL", "PT1H"))
        .append_property(("METHOD", "PUBLISH"));
    for event in events {
        calendar.push(event);
    }
    calendar.done().to_string()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn event() -> VisitEvent {
        let at = NaiveDate::from_ymd_opt(2026, 11, 18)
            .unwrap()
            .and_hms_opt(2, 0, 0)
            .unwrap();
        VisitEvent {
            slot_id: "0190-abc".into(),
            elder_name: "张桂兰".into(),
            village_name: Some("桃源村".into()),
            label: "每周电话问候".into(),
            modes: vec![VisitMode::Phone],
            window_from: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            window_to: NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
            status: SlotStatus::Claimed,
            co_visitor: false,
            created_at: at,
            updated_at: at + TimeDelta::seconds(90),
        }
    }

    #[test]
    fn titles_keep_only_the_surname() {
        assert_eq!(elder_title("张桂兰"), "张老人");
        assert_eq!(elder_title(" 欧阳秀英"), "欧阳老人");
        assert_eq!(elder_title(""), "老人");
    }

    #[test]
    fn the_window_runs_from_midnight_to_midnight_in_beijing() {
        let (start, end) = window_instants(
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
        );
        assert_eq!(start.to_rfc3339(), "2026-11-22T16:00:00+00:00");
        assert_eq!(end.to_rfc3339(), "2026-11-29T16:00:00+00:00");
    }

    #[test]
    fn an_event_names_the_surname_and_mode_and_nothing_more() {
        let stamp = day_start(NaiveDate::from_ymd_opt(2026, 11, 18).unwrap());
        let text = calendar_of("探访日程", vec![visit_event(&event(), stamp)]);
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains("SUMMARY:探访 张老人（电话）\r\n"), "{unfolded}");
        assert!(unfolded.contains("UID:slot-0190-abc@tanfang\r\n"));
        assert!(unfolded.contains("DTSTART:20261122T160000Z\r\n"));
        assert!(unfolded.contains("DTEND:20261129T160000Z\r\n"));
        assert!(unfolded.contains("STATUS:CONFIRMED\r\n"));
        assert!(unfolded.contains("SEQUENCE:90\r\n"));
        assert!(!unfolded.contains("桂兰"));
        let cancelled = VisitEvent {
            status: SlotStatus::Cancelled,
            modes: vec![VisitMode::Phone, VisitMode::Video],
            ..event()
        };
        let text = calendar_of("探访日程", vec![visit_event(&cancelled, stamp)]).replace("\r\n ", "");
        assert!(text.contains("STATUS:CANCELLED\r\n"));
        assert!(text.contains("SUMMARY:探访 张老人（电话或视频）\r\n"));
    }
}
