//! 政策包目录 — the policy packs this installation runs, parsed once.
//!
//! The packs shipped with the system are embedded at build time ([`PackRegistry::builtin`]).
//! The server parses them once at start-up and refuses to start if one does not load, naming
//! the file, the line and the reason; every use case then looks packs up in the registry it
//! is handed (`service::Call::packs`), never in the files.

use super::pack::{PackError, PolicyPack};

/// The packs shipped with the system, embedded at build time: (file name, text).
const BUILTIN: &[(&str, &str)] = &[
    (
        "policies/emeishan-2022.toml",
        include_str!("../../../policies/emeishan-2022.toml"),
    ),
    (
        "policies/yubei-2024.toml",
        include_str!("../../../policies/yubei-2024.toml"),
    ),
    (
        "policies/linzi-2022.toml",
        include_str!("../../../policies/linzi-2022.toml"),
    ),
    (
        "policies/ningbo-draft.toml",
        include_str!("../../../policies/ningbo-draft.toml"),
    ),
    (
        "policies/jiangmen-2024.toml",
        include_str!("../../../policies/jiangmen-2024.toml"),
    ),
];

/// Every pack a district may choose, each parsed once, in the order they are listed. Immutable:
/// shared by every request for the life of the process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackRegistry {
    packs: Vec<PolicyPack>,
}

impl PackRegistry {
    /// The packs shipped with the system, or the first one that does not load.
    pub fn builtin() -> Result<PackRegistry, PackError> {
        PackRegistry::from_files(BUILTIN)
    }

    /// Parses each `(file name, text)` in turn; refuses the first pack that does not load, or
    /// whose id another pack already has.
    pub fn from_files(files: &[(&str, &str)]) -> Result<PackRegistry, PackError> {
        let mut packs: Vec<PolicyPack> = Vec::with_capacity(files.len());
        for (file, text) in files {
            let pack = PolicyPack::parse(file, text)?;
            if packs.iter().any(|p| p.id == pack.id) {
                return Err(PackError {
                    pack: (*file).to_string(),
                    line: 1,
                    reason: format!("another pack already has the id '{}'", pack.id),
                });
            }
            packs.push(pack);
        }
        Ok(PackRegistry { packs })
    }

    /// The pack with this id (`"linzi-2022"`).
    pub fn get(&self, id: &str) -> Option<&PolicyPack> {
        self.packs.iter().find(|p| p.id == id)
    }

    /// Every pack, in the order they are listed.
    pub fn all(&self) -> &[PolicyPack] {
        &self.packs
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::domain::period::PeriodKind;
    use crate::domain::policy::condition::Condition;
    use crate::domain::policy::pack::{Reporting, Requirement, ANY_CONTACT};

    #[test]
    fn every_builtin_pack_loads_under_its_file_name() {
        let registry = PackRegistry::builtin().unwrap();
        let packs = registry.all();
        let ids: Vec<&str> = packs.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(
            ids,
            vec![
                "emeishan-2022",
                "yubei-2024",
                "linzi-2022",
                "ningbo-draft",
                "jiangmen-2024"
            ]
        );
        for pack in packs {
            assert_eq!(registry.get(&pack.id), Some(pack));
            assert!(pack.source.starts_with("seeds/"), "{}", pack.id);
            assert!(
                pack.tiers.last().is_some_and(|t| t.when == Condition::Const(true)),
                "{}",
                pack.id
            );
        }
        assert_eq!(registry.get("sixth-2026"), None);
    }

    #[test]
    fn packs_transcribe_domain_section_3() {
        let table: Vec<(String, Vec<String>)> = PackRegistry::builtin()
            .unwrap()
            .all()
            .iter()
            .flat_map(|p| {
                p.tiers.iter().map(|t| {
                    (
                        format!("{} {}", p.id, t.label),
                        t.requirements.iter().map(Requirement::label_zh).collect(),
                    )
                })
            })
            .collect();
        let expected: Vec<(&str, Vec<&str>)> = vec![
            (
                "emeishan-2022 重点",
                vec!["每半月至少上门探访 1 次", "每周至少电话问候或音视频 2 次"],
            ),
            (
                "emeishan-2022 一般",
                vec!["每月至少上门探访 1 次", "每周至少电话问候或音视频 1 次"],
            ),
            ("yubei-2024 重点", vec!["每半月至少上门探访 1 次"]),
            ("yubei-2024 一般", vec!["每月至少上门探访 1 次"]),
            ("linzi-2022 重点", vec!["每月至少上门探访 2 次，20 日前完成"]),
            ("linzi-2022 一般", vec!["每月至少探访（任意方式） 1 次，20 日前完成"]),
            (
                "ningbo-draft 重点",
                vec!["每月至少探访（任意方式） 2 次", "每年至少风险等级评估 1 次"],
            ),
            (
                "ningbo-draft 一般",
                vec!["每月至少探访（任意方式） 1 次", "每年至少风险等级评估 1 次"],
            ),
            ("jiangmen-2024 A类", vec!["每月至少上门探访 1 次"]),
            (
                "jiangmen-2024 B类",
                vec!["每月至少探访（任意方式） 1 次", "每半年至少上门探访 1 次"],
            ),
            (
                "jiangmen-2024 C类",
                vec!["每月至少探访（任意方式） 1 次", "每年至少上门探访 1 次"],
            ),
        ];
        let expected: Vec<(String, Vec<String>)> = expected
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.into_iter().map(String::from).collect()))
            .collect();
        assert_eq!(table, expected);
    }

    #[test]
    fn reporting_festivals_and_surge_defaults() {
        let registry = PackRegistry::builtin().unwrap();
        let summary: Vec<(String, Reporting, usize, Vec<String>)> = registry
            .all()
            .iter()
            .map(|p| {
                (
                    p.id.clone(),
                    p.reporting,
                    p.festivals.on.len(),
                    p.surge.tiers.iter().map(std::string::ToString::to_string).collect(),
                )
            })
            .collect();
        let s = |v: &[&str]| v.iter().map(std::string::ToString::to_string).collect::<Vec<_>>();
        // Reporting as each seed states it (none: emeishan, jiangmen); festival surges only
        // where the seed asks for them (yubei, jiangmen); a surge binds every tier.
        assert_eq!(
            summary,
            vec![
                ("emeishan-2022".into(), Reporting::NoneStated, 0, s(&["key", "general"])),
                (
                    "yubei-2024".into(),
                    Reporting::Stated(PeriodKind::HalfYear),
                    6,
                    s(&["key", "general"])
                ),
                (
                    "linzi-2022".into(),
                    Reporting::Stated(PeriodKind::Month),
                    0,
                    s(&["key", "general"])
                ),
                (
                    "ningbo-draft".into(),
                    Reporting::Stated(PeriodKind::Year),
                    0,
                    s(&["key", "general"])
                ),
                ("jiangmen-2024".into(), Reporting::NoneStated, 6, s(&["a", "b", "c"])),
            ]
        );
        assert_eq!(
            Reporting::NoneStated.cycle(),
            PeriodKind::Month,
            "the platform's decision"
        );
        for pack in registry.all() {
            assert_eq!(pack.surge.count, 1);
            assert_eq!(pack.surge.modes, ANY_CONTACT.to_vec());
        }
    }

    #[test]
    fn hours_only_where_a_seed_speaks_and_minutes_as_served() {
        use crate::domain::access::VisitorKind::{Professional, SeniorVolunteer, Student, Volunteer};
        use crate::domain::ledger::Book::{ServiceCredit, TimeBank};
        let registry = PackRegistry::builtin().unwrap();
        let hours: Vec<(&str, Option<&str>, Vec<_>)> = registry
            .all()
            .iter()
            .map(|p| {
                let books = [Volunteer, SeniorVolunteer, Student, Professional]
                    .map(|k| p.hours.book_for(k))
                    .to_vec();
                (p.id.as_str(), p.hours_source.as_deref(), books)
            })
            .collect();
        let defaults = vec![Some(TimeBank), Some(TimeBank), Some(ServiceCredit), None];
        assert_eq!(
            hours,
            vec![
                ("emeishan-2022", None, defaults.clone()),
                (
                    "yubei-2024",
                    Some("一（二）4 积极探索在校生志愿服务计学分活动"),
                    defaults.clone()
                ),
                (
                    "linzi-2022",
                    Some("五（四）建立健全“时间银行”互助机制"),
                    defaults.clone()
                ),
                (
                    "ningbo-draft",
                    Some("二（七）探索建立志愿服务积分、时间银行等制度"),
                    defaults.clone()
                ),
                (
                    "jiangmen-2024",
                    Some("三（二）探索开展在校学生志愿服务计学分活动"),
                    defaults
                ),
            ]
        );
        for pack in registry.all() {
            assert_eq!(pack.hours.credited(35), 35, "{}: minutes as served", pack.id);
            assert_eq!(pack.hours.credited(300), 240, "{}", pack.id);
            assert_eq!(pack.hours.yearly_cap_minutes, None, "{}", pack.id);
        }
    }

    #[test]
    fn a_broken_or_second_pack_is_refused_with_its_file() {
        let (file, text) = BUILTIN[2];
        let broken = text.replacen("per = \"month\"", "per = \"fortnight\"", 1);
        let e = PackRegistry::from_files(&[BUILTIN[0], (file, &broken)]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "policies/linzi-2022.toml:17: unknown period 'fortnight' \
             (use one of: week, half_month, month, half_year, year)"
        );
        let e = PackRegistry::from_files(&[BUILTIN[2], BUILTIN[1], BUILTIN[2]]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "policies/linzi-2022.toml:1: another pack already has the id 'linzi-2022'"
        );
    }
}
