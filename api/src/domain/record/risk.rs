//! 重大风险 — the major risks a visit record can reveal, and the case each one opens
//! (severity, due time). Pure: the service opens the cases.

use chrono::{NaiveDateTime, TimeDelta};

use super::format::{Need, ReferralTarget, VisitRecord};
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
                .map(|(name, g)| unsafe_item(name, g.label_zh()))
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
            vec![format!("健康状况·疾病：{}{name}", g.label_zh())]
        })
        .unwrap_or_default();
    add(RiskKind::SeriousIllness, illness);
    let support = record.support.as_ref();
    let no_carer = support
        .and_then(|s| s.has_carer)
        .filter(|has| !has)
        .map(|_| vec![NO_CARER.to_string()]);
    add(RiskKind::NoCarer, no_carer.unwrap_or_default());
    let abuse = support
        .and_then(|s| s.abuse_or_neglect)
        .filter(|seen| *seen)
        .map(|_| vec![ABUSE.to_string()]);
    add(RiskKind::AbuseOrNeglect, abuse.unwrap_or_default());
    let urgent = record
        .needs
        .iter()
        .filter(|n| n.urgent == Some(true) && n.met != Some(true))
        .map(|n| urgent_need(n.need))
        .chain(
            record
                .referrals
                .iter()
                .filter(|r| r.urgent == Some(true))
                .map(|r| urgent_referral(r.target)),
        )
        .collect();
    add(RiskKind::UrgentNeed, urgent);
    found
}

const NO_CARER: &str = "生活照料：无人照料";
const ABUSE: &str = "赡养与照料：疑似虐待或疏于照料";

/// A safety row's short name in the forms' words (用电 of 用电安全).
fn safety_word(item: &str) -> Option<&'static str> {
    Some(match item {
        "gas" => "燃气",
        "heating" => "取暖",
        "electricity" => "用电",
        "housing" => "房屋",
        "fire" => "消防",
        "food" => "食品",
        "epidemic" => "疫情防控",
        _ => return None,
    })
}

fn unsafe_item(item: &str, value: &str) -> String {
    format!("安全隐患·{}：{value}", safety_word(item).unwrap_or(item))
}

fn urgent_need(need: Need) -> String {
    format!("紧急需求·{}：未满足", need.label_zh())
}

fn urgent_referral(target: ReferralTarget) -> String {
    format!("紧急转介·{}", target.label_zh())
}

/// A case's 依据 in the form's words. Cases opened before the evidence was written in words
/// stored record paths (`safety.electricity=不安全；needs.meal_assistance`): each such part is
/// put in words (安全隐患·用电：不安全；紧急需求·助餐：未满足); words pass through unchanged.
pub fn evidence_in_words(stored: &str) -> String {
    stored
        .split('；')
        .map(|part| {
            let legacy = || -> Option<String> {
                if let Some((path, value)) = part.split_once('=') {
                    return match path {
                        "support.hasCarer" => Some(NO_CARER.to_string()),
                        "support.abuseOrNeglect" => Some(ABUSE.to_string()),
                        "health.illness" => Some(format!("健康状况·疾病：{value}")),
                        _ => {
                            let item = path.strip_prefix("safety.")?;
                            safety_word(item).map(|_| unsafe_item(item, value))
                        }
                    };
                }
                if let Some(code) = part.strip_prefix("needs.") {
                    return Need::parse_code(code).map(urgent_need);
                }
                part.strip_prefix("referrals.")
                    .and_then(ReferralTarget::parse_code)
                    .map(urgent_referral)
            };
            legacy().unwrap_or_else(|| part.to_string())
        })
        .collect::<Vec<_>>()
        .join("；")
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

    #[test]
    fn the_evidence_is_in_the_form_s_words() {
        let record = json!({
            "safety": {"electricity": {"scale": "safety", "value": "unsafe"}, "housing": {"scale": "three_grade", "value": "poor"}},
            "health": {"illness": {"scale": "illness_change", "value": "serious"}, "illnessName": "脑梗"},
            "support": {"hasCarer": false, "abuseOrNeglect": true},
            "needs": [{"need": "meal_assistance", "needed": true, "met": false, "urgent": true}],
            "referrals": [{"target": "legal_aid", "detail": "房产纠纷", "urgent": true}]
        });
        let mut full = minimal_json();
        for (k, v) in record.as_object().unwrap() {
            full[k] = v.clone();
        }
        let evidence: Vec<String> = major_risks(&parse_at(&full))
            .into_iter()
            .flat_map(|f| f.evidence)
            .collect();
        assert_eq!(
            evidence,
            [
                "安全隐患·用电：不安全",
                "安全隐患·房屋：较差",
                "健康状况·疾病：严重（脑梗）",
                "生活照料：无人照料",
                "赡养与照料：疑似虐待或疏于照料",
                "紧急需求·助餐：未满足",
                "紧急转介·法律援助",
            ]
        );
        for words in &evidence {
            assert_eq!(&evidence_in_words(words), words, "words stay as they are");
        }
    }

    #[test]
    fn evidence_stored_as_record_paths_reads_in_words() {
        assert_eq!(
            evidence_in_words("safety.electricity=不安全；safety.gas=不安全"),
            "安全隐患·用电：不安全；安全隐患·燃气：不安全"
        );
        assert_eq!(
            evidence_in_words("health.illness=严重（脑梗）"),
            "健康状况·疾病：严重（脑梗）"
        );
        assert_eq!(evidence_in_words("support.hasCarer=false"), "生活照料：无人照料");
        assert_eq!(
            evidence_in_words("support.abuseOrNeglect=true"),
            "赡养与照料：疑似虐待或疏于照料"
        );
        assert_eq!(
            evidence_in_words("needs.emergency_rescue；referrals.medical"),
            "紧急需求·紧急救援：未满足；紧急转介·医疗卫生"
        );
        assert_eq!(evidence_in_words("连续 3 次联系未果"), "连续 3 次联系未果");
    }
}
