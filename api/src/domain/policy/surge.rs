//! 加密探访 — surges: for a while, some tiers owe extra contacts on top of their own
//! requirements, because of extreme weather, a disaster, a family change or a traditional
//! festival. A pack's `[surge]` section gives the default extra requirement and its
//! `[festivals]` section the festivals that start one by themselves; the compliance engine
//! (`compliance.rs`) counts a surge in the month its window ends. A surge binds every elder
//! under service in its area (in its tiers), or — 单人加密探访 — one elder alone.

use chrono::NaiveDate;

use super::pack::{is_any_contact, PolicyPack, TierId};
use super::visit_mode::VisitMode;
use crate::domain::area::AreaCode;
use crate::domain::festival::{self, Festival};
use crate::domain::id::ElderId;
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

impl SurgeKind {
    /// Whether a surge of this kind may be declared for one elder: jiangmen-2024 二（三）3 names
    /// the elders "受家庭变故、突发自然灾害、突发卫生公共事件等影响的". Extreme weather and festivals
    /// are "特殊时间节点" for everyone: they are declared for an area (a decision).
    pub fn for_one_elder(self) -> bool {
        matches!(
            self,
            SurgeKind::FamilyChange | SurgeKind::Disaster | SurgeKind::PublicHealth
        )
    }
}

/// 加密探访 — a surge: for elders in `tiers` (tier held on `from`), or for the one `elder`
/// whatever their tier, `count` contacts of `modes` between `from` and `to` (both inclusive),
/// on top of the tier's own requirements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Surge {
    pub kind: SurgeKind,
    /// 2026年春节, 7月暴雨红色预警 …
    pub label: String,
    /// The area it was declared for (a single-elder surge: the elder's village then); `None`
    /// is the whole district. The engine does not filter by area: pass it only the surges that
    /// [`Surge::binds`] the elder.
    pub area: Option<AreaCode>,
    /// 单人加密探访 — the one elder it binds, whatever their tier (`tiers` is then not read).
    /// The engine does not filter by elder either: pass it only to that elder's case (see
    /// [`Surge::binds`]).
    pub elder: Option<ElderId>,
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
            elder: None,
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
        festival_windows(pack, year).into_iter().map(|w| w.surge).collect()
    }

    /// Whether the surge's area holds `village` (a single-elder surge's area is its elder's
    /// village: use [`Surge::binds`] for an elder).
    pub fn covers(&self, village: &AreaCode) -> bool {
        self.area.as_ref().is_none_or(|area| area.contains(village))
    }

    /// Whether the surge binds the elder `elder` living in `village`: a single-elder surge binds
    /// its elder alone (wherever they live now), any other the elders its area covers.
    pub fn binds(&self, elder: &ElderId, village: &AreaCode) -> bool {
        match &self.elder {
            Some(own) => own == elder,
            None => self.covers(village),
        }
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

/// 节日加密探访期 — one festival's window in a year under a pack, and the surge it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FestivalWindow {
    pub festival: Festival,
    /// The festival day itself (春节 正月初一 …).
    pub day: NaiveDate,
    /// `day` widened by the pack's `days_before` and `days_after`, with the pack's surge.
    pub surge: Surge,
}

/// The windows of the festivals `pack` switches on (`[festivals]`), for the festivals of
/// Gregorian `year`, in date order; none for a pack without `[festivals]`.
pub fn festival_windows(pack: &PolicyPack, year: i32) -> Vec<FestivalWindow> {
    let festivals = &pack.festivals;
    let mut windows: Vec<FestivalWindow> = festivals
        .on
        .iter()
        .filter_map(|&f| {
            let day = f.date_in(year)?;
            let (from, to) = festival::window(f, year, festivals.days_before, festivals.days_after)?;
            Some(FestivalWindow {
                festival: f,
                day,
                surge: Surge::declared(pack, SurgeKind::Festival, format!("{year}年{}", f.label_zh()), from, to),
            })
        })
        .collect();
    windows.sort_by_key(|w| (w.day, w.festival));
    windows
}
