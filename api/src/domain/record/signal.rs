//! 异常提示 — fraud signals a submitted record raises for the reviewer. A signal is never a
//! verdict: the record is kept and shown with it, and accepting it needs a comment.

use super::format::VisitRecord;
use crate::domain::id::RecordId;
use crate::domain::planner::{distance_m, GeoPoint};
use crate::domain::policy::VisitMode;
use crate::domain::text_enum;

text_enum! {
    pub enum SignalKind {
        FarCheckIn => ("far_check_in", "上门定位远离老人住址"),
        Overlap => ("overlap", "同一探访人时间重叠"),
        PhotoReused => ("photo_reused", "照片重复使用"),
        TooShort => ("too_short", "上门探访时间过短"),
    }
}

/// An in-person check-in farther than this from the elder's village centre is flagged.
/// Villages span a few kilometres and the elder's own coordinates are not on file.
pub const FAR_CHECK_IN_M: i64 = 3_000;
/// An in-person visit shorter than this is flagged.
pub const MIN_IN_PERSON_MINUTES: i64 = 10;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signal {
    pub kind: SignalKind,
    pub detail: String,
    /// The other record involved (overlap, photo reused).
    pub other_record_id: Option<RecordId>,
}

/// What the database knows around a record: the elder's place and the visitor's other records.
#[derive(Debug, Clone, Default)]
pub struct SignalContext {
    pub elder_location: Option<GeoPoint>,
    /// Ids of the same visitor's other (not rejected) records whose times overlap this one.
    pub overlapping: Vec<RecordId>,
    /// (sha256, other record id) for each photo already used in another record.
    pub reused_photos: Vec<(String, RecordId)>,
}

pub fn signals(record: &VisitRecord, context: &SignalContext) -> Vec<Signal> {
    let mut out = Vec::new();
    let in_person = record.mode == VisitMode::InPerson;
    if let (true, Some(check_in), Some(home)) = (in_person, &record.check_in, context.elder_location) {
        let at = GeoPoint {
            lat: check_in.latitude,
            lon: check_in.longitude,
        };
        let metres = distance_m(at, home);
        if metres > FAR_CHECK_IN_M {
            out.push(Signal {
                kind: SignalKind::FarCheckIn,
                detail: format!("定位距老人所在村 {:.1} 公里", metres as f64 / 1000.0),
                other_record_id: None,
            });
        }
    }
    let minutes = record.duration_minutes();
    if in_person && minutes < MIN_IN_PERSON_MINUTES {
        out.push(Signal {
            kind: SignalKind::TooShort,
            detail: format!("上门探访仅 {minutes} 分钟"),
            other_record_id: None,
        });
    }
    for other in &context.overlapping {
        out.push(Signal {
            kind: SignalKind::Overlap,
            detail: "与同一探访人的另一条记录时间重叠".into(),
            other_record_id: Some(other.clone()),
        });
    }
    for (sha, other) in &context.reused_photos {
        out.push(Signal {
            kind: SignalKind::PhotoReused,
            // The photo by its place in the record (第 2 张照片), never by its digest.
            detail: match record.photos.iter().position(|p| p.sha256.as_str() == sha.as_str()) {
                Some(i) => format!("第 {} 张照片已用于另一条记录", i + 1),
                None => "照片已用于另一条记录".to_string(),
            },
            other_record_id: Some(other.clone()),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::domain::record::format::tests::{minimal_json, parse_at};
    use serde_json::json;

    const HOME: GeoPoint = GeoPoint {
        lat: 29.72,
        lon: 106.63,
    };

    fn kinds(record: &serde_json::Value, context: &SignalContext) -> Vec<SignalKind> {
        signals(&parse_at(record), context)
            .into_iter()
            .map(|s| s.kind)
            .collect()
    }

    fn at_home() -> SignalContext {
        SignalContext {
            elder_location: Some(HOME),
            ..SignalContext::default()
        }
    }

    fn in_person(minutes: i64, lat: f64) -> serde_json::Value {
        let mut r = minimal_json();
        r["mode"] = json!("in_person");
        r["endedAt"] = json!(format!("2026-05-06T09:{:02}:00+08:00", minutes));
        r["checkIn"] = json!({"latitude": lat, "longitude": HOME.lon, "at": "2026-05-06T09:00:00+08:00"});
        r
    }

    #[test]
    fn a_normal_in_person_visit_raises_nothing() {
        assert_eq!(kinds(&in_person(40, HOME.lat + 0.01), &at_home()), vec![]);
    }

    #[test]
    fn far_check_in_fires_beyond_three_kilometres() {
        // 0.05° of latitude is about 5.6 km.
        assert_eq!(
            kinds(&in_person(40, HOME.lat + 0.05), &at_home()),
            vec![SignalKind::FarCheckIn]
        );
        // A phone call has no check-in to judge.
        let mut phone = in_person(40, HOME.lat + 0.05);
        phone["mode"] = json!("phone");
        assert_eq!(kinds(&phone, &at_home()), vec![]);
    }

    #[test]
    fn a_three_minute_in_person_visit_is_too_short_but_a_call_is_not() {
        assert_eq!(kinds(&in_person(3, HOME.lat), &at_home()), vec![SignalKind::TooShort]);
        let mut call = in_person(3, HOME.lat);
        call["mode"] = json!("phone");
        assert_eq!(kinds(&call, &at_home()), vec![]);
    }

    #[test]
    fn overlap_and_reused_photo_name_the_other_record() {
        let context = SignalContext {
            elder_location: Some(HOME),
            overlapping: vec!["r1".into()],
            reused_photos: vec![("ab".repeat(32), "r2".into())],
        };
        let found = signals(&parse_at(&in_person(40, HOME.lat)), &context);
        let pairs: Vec<_> = found.iter().map(|s| (s.kind, s.other_record_id.clone())).collect();
        assert_eq!(
            pairs,
            vec![
                (SignalKind::Overlap, Some("r1".into())),
                (SignalKind::PhotoReused, Some("r2".into()))
            ]
        );
        assert!(found.iter().all(|s| !s.detail.contains("abab")), "no digest on screen");
    }
}
