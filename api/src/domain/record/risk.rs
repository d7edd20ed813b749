//! 重大风险 — the major risks a visit record can reveal, and the case each one opens
//! (severity, due time). Pure: the service opens the cases.

use chrono::{NaiveDateTime, TimeDelta};

use super::format::VisitRecord;
use super::scale::Level;
use crate::domain::text_enum;

text_enum! {
    /// 风险类型 — what a record found (or 失联: an elder the pack's rule counts as lost, DOMAIN.md §8).
    pub enum RiskKind {
        UnsafeHome => ("unsafe_home", "居家安全隐患"),
        SeriousIllness => ("serious_illness", "病情严重"),
        NoCarer => ("no_carer", "无人照料"),
        AbuseOrNeglect => ("abuse_or_neglect", "疑似虐待或疏于照料"),
        UrgentNeed => ("urgent_need", "紧急需求"),
        LostContact => ("lost_contact", "失联"),
    }
}

text_enum! {
    /// 风险等级 of a case; ordered most severe first.
    pub enum Severity {
        Critical => ("critical", "紧急"),
        High => ("high", "高"),
    }
}

impl Severity {
    /// 处置时限 — how long the town has to act.
    pub fn response_time(self) -> TimeDelta {
        match self {
            Severity::Critical => TimeDelta::hours(24),
            Severity::High => TimeDelta::hours(72),
        }
    }
}

impl RiskKind {
    pub fn severity(self) -> Severity {
        match self {
            RiskKind::UnsafeHome | RiskKind::AbuseOrNeglect | RiskKind::UrgentNeed | RiskKind::LostContact => {
                Severity::Critical
            }
            RiskKind::SeriousIllness | RiskKind::NoCarer => Severity::High,
        }
    }
}

/// One major risk found, with the record fields that show it (for the case's summary).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskFinding {
    pub kind: RiskKind,
    pub evidence: Vec<String>,
}

impl RiskFinding {
    pub fn due_at(&self, opened_at: NaiveDateTime) -> NaiveDateTime {
        opened_at + self.kind.severity().response_time()
    }
}

/// The major risks in a record (DOMAIN §4), at most one finding per kind:
/// * any safety item graded poor (不安全, 较差) → unsafe home;
/// * illness graded poor (严重, 差, 较差) → serious illness;
/// * `support.hasCarer` false (无人照料) → no carer;
/// * `support.abuseOrNeglect` true → abuse or neglect;
/// * a need marked urgent and not met, or an urgent referral → urgent need.
pub fn major_risks(record: &VisitRecord) -> Vec<RiskFinding> {
    let mut found = Vec::new();
    let mut add = |kind, evidence: Vec<String>| {
        if !evidence.is_empty() {
            found.push(RiskFinding { kind, evidence });
        }
    };
    let unsafe_items = record
        .safety
        .as_ref()
        .map(|s| {
            s.items()
                .into_iter()
                .filter(|(_, g)| g.to_level() == Level::Poor)
                .map(|(name, g)| format!("safety.{name}={}", g.label_zh()))
                .collect()
        })
        .unwrap_or_default();
    add(RiskKind::UnsafeHome, unsafe_items);
    let illness = record
        .health
        .as_ref()
        .and_then(|h| h.illness.filter(|g| g.to_level() == Level::Poor).map(|g| (g, h)))
        .map(|(g, h)| {
            let name = h
                .illness_name
                .as_ref()
                .map(|n| format!("（{}）", n.as_str()))
                .unwrap_or_default();
            vec![format!("health.illness={}{name}", g.label_zh())]
        })
        .unwrap_or_default();
    add(RiskKind::SeriousIllness, illness);
    let support = record.support.as_ref();
    let no_carer = support
        .and_then(|s| s.has_carer)
        .filter(|has| !has)
        .map(|_| vec!["support.hasCarer=false".to_string()]);
    add(RiskKind::NoCarer, no_carer.unwrap_or_default());
    let abuse = support
        .and_then(|s| s.abuse_or_neglect)
        .filter(|seen| *seen)
        .map(|_| vec!["support.abuseOrNeglect=true".to_string()]);
    add(RiskKind::AbuseOrNeglect, abuse.unwrap_or_default());
    let urgent = record
        .needs
        .iter()
        .filter(|n| n.urgent == Some(true) && n.met != Some(true))
        .map(|n| format!("needs.{}", n.need.as_str()))
        .chain(
            record
                .referrals
                .iter()
                .filter(|r| r.urgent == Some(true))
                .map(|r| format!("referrals.{}", r.target.as_str())),
        )
        .collect();
    add(RiskKind::UrgentNeed, urgent);
    found
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::domain::record::format::tests::{minimal_json, parse_at};
    use serde_json::json;

    fn risks_of(patch: &serde_json::Value) -> Vec<RiskKind> {
        let mut record = minimal_json();
        for (k, v) in patch.as_object().unwrap() {
            record[k] = v.clone();
        }
        major_risks(&parse_at(&record)).into_iter().map(|f| f.kind).collect()
    }

    #[test]
    fn a_normal_visit_finds_no_risk() {
        let safe = json!({
            "safety": {"gas": {"scale": "safety", "value": "fairly_safe"}, "housing": {"scale": "three_grade", "value": "fair"}},
            "health": {"illness": {"scale": "illness_change", "value": "unchanged"}},
            "support": {"hasCarer": true, "abuseOrNeglect": false},
            "needs": [{"need": "meal_assistance", "needed": true, "met": false}],
            "referrals": [{"target": "medical", "detail": "体检"}]
        });
        assert_eq!(risks_of(&safe), vec![]);
    }

    #[test]
    fn each_condition_is_one_finding_with_its_severity() {
        let cases = [
            (
                json!({"safety": {"electricity": {"scale": "safety", "value": "unsafe"}}}),
                RiskKind::UnsafeHome,
                Severity::Critical,
            ),
            (
                json!({"safety": {"housing": {"scale": "three_grade", "value": "poor"}, "gas": {"scale": "safety", "value": "unsafe"}}}),
                RiskKind::UnsafeHome,
                Severity::Critical,
            ),
            (
                json!({"health": {"illness": {"scale": "illness_change", "value": "serious"}, "illnessName": "脑梗"}}),
                RiskKind::SeriousIllness,
                Severity::High,
            ),
            (
                json!({"health": {"illness": {"scale": "four_grade", "value": "poor"}}}),
                RiskKind::SeriousIllness,
                Severity::High,
            ),
            (
                json!({"support": {"hasCarer": false}}),
                RiskKind::NoCarer,
                Severity::High,
            ),
            (
                json!({"support": {"abuseOrNeglect": true}}),
                RiskKind::AbuseOrNeglect,
                Severity::Critical,
            ),
            (
                json!({"needs": [{"need": "emergency_rescue", "needed": true, "met": false, "urgent": true}]}),
                RiskKind::UrgentNeed,
                Severity::Critical,
            ),
            (
                json!({"referrals": [{"target": "legal_aid", "detail": "房产纠纷", "urgent": true}]}),
                RiskKind::UrgentNeed,
                Severity::Critical,
            ),
        ];
        for (patch, kind, severity) in cases {
            assert_eq!(risks_of(&patch), vec![kind], "{patch}");
            assert_eq!(kind.severity(), severity);
        }
    }

    #[test]
    fn an_urgent_need_already_met_is_not_a_risk() {
        let met = json!({"needs": [{"need": "emergency_rescue", "needed": true, "met": true, "urgent": true}]});
        assert_eq!(risks_of(&met), vec![]);
    }

    #[test]
    fn due_time_follows_severity() {
        let opened = chrono::NaiveDate::from_ymd_opt(2026, 5, 6)
            .unwrap()
            .and_hms_opt(1, 0, 0)
            .unwrap();
        let critical = RiskFinding {
            kind: RiskKind::AbuseOrNeglect,
            evidence: vec![],
        };
        let high = RiskFinding {
            kind: RiskKind::NoCarer,
            evidence: vec![],
        };
        assert_eq!(critical.due_at(opened), opened + TimeDelta::hours(24));
        assert_eq!(high.due_at(opened), opened + TimeDelta::hours(72));
    }
}
