//! 加密探访 — surges: for a while, some tiers owe extra contacts on top of their own
//! requirements, because of extreme weather, a disaster, a family change or a traditional
//! festival. A pack's `[surge]` section gives the default extra requirement and its
//! `[festivals]` section the festivals that start one by themselves; the compliance engine
//! (`compliance.rs`) counts a surge in the month its window ends.

use chrono::NaiveDate;

use super::pack::{is_any_contact, PolicyPack, TierId};
use super::visit_mode::VisitMode;
use crate::domain::area::AreaCode;
use crate::domain::festival;
use crate::domain::text_enum;

text_enum! {
    /// 加密探访事由 — why a surge was declared.
    pub enum SurgeKind {
        ExtremeWeather => ("extreme_weather", "极端天气"),
        Festival => ("festival", "传统节日"),
        Disaster => ("disaster", "突发自然灾害"),
        PublicHealth => ("public_health", "突发公共卫生事件"),
        FamilyChange => ("family_change", "家庭变故"),
    }
}

/// 加密探访 — a surge: for elders in `tiers` (tier held on `from`), `count` contacts of `modes`
/// between `from` and `to` (both inclusive), on top of the tier's own requirements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Surge {
    pub kind: SurgeKind,
    /// 2026年春节, 7月暴雨红色预警 …
    pub label: String,
    /// The area it was declared for; `None` is the whole district. The engine does not filter
    /// by area: pass it only the surges that [`Surge::covers`] the elder's village.
    pub area: Option<AreaCode>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub tiers: Vec<TierId>,
    pub count: u32,
    pub modes: Vec<VisitMode>,
}

impl Surge {
    /// A surge declared under `pack` with the pack's default extra requirement (`[surge]`).
    pub fn declared(
        pack: &PolicyPack,
        kind: SurgeKind,
        label: impl Into<String>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Surge {
        Surge {
            kind,
            label: label.into(),
            area: None,
            from,
            to,
            tiers: pack.surge.tiers.clone(),
            count: pack.surge.count,
            modes: pack.surge.modes.clone(),
        }
    }

    /// The festival surges `pack` switches on (`[festivals]`), for the festivals of Gregorian
    /// `year`.
    pub fn festivals(pack: &PolicyPack, year: i32) -> Vec<Surge> {
        let festivals = &pack.festivals;
        festivals
            .on
            .iter()
            .filter_map(|&f| {
                let (from, to) = festival::window(f, year, festivals.days_before, festivals.days_after)?;
                Some(Surge::declared(
                    pack,
                    SurgeKind::Festival,
                    format!("{year}年{}", f.label_zh()),
                    from,
                    to,
                ))
            })
            .collect()
    }

    /// Whether the surge applies to an elder living in `village`.
    pub fn covers(&self, village: &AreaCode) -> bool {
        self.area.as_ref().is_none_or(|area| area.contains(village))
    }

    /// 2026年春节（传统节日）2026-02-10 至 2026-02-20 期间至少探访（任意方式） 1 次.
    pub fn label_zh(&self) -> String {
        let what = if is_any_contact(&self.modes) {
            "探访（任意方式）".to_string()
        } else {
            self.modes.iter().map(|m| m.label_zh()).collect::<Vec<_>>().join("或")
        };
        format!(
            "{}（{}）{} 至 {} 期间至少{what} {} 次",
            self.label,
            self.kind.label_zh(),
            self.from,
            self.to,
            self.count
        )
    }
}
