//! 服务 beyond visits — care a visitor gives an elder besides a visit (理发, 洗衣, 送餐, …),
//! recorded as the care a redemption pays for is, and credited to the giver's time bank where
//! the district's pack says so (DOMAIN.md §5; linzi-2022 五（四）"提供理发洗衣、精神慰藉、送餐服务等
//! 互助式养老服务，积累服务时长").

use super::text_enum;
use crate::domain::access::VisitorKind;
use crate::domain::ledger::{Book, PostingRules};

text_enum! {
    /// 服务项目 — the kinds of care a service record names (issue #20's list; linzi-2022's
    /// 理发洗衣、精神慰藉、送餐 among them).
    pub enum CareKind {
        Haircut => ("haircut", "理发"),
        Laundry => ("laundry", "洗衣"),
        Meals => ("meals", "送餐"),
        Bathing => ("bathing", "助浴"),
        Escort => ("escort", "陪诊"),
        Comfort => ("comfort", "精神慰藉"),
        Housekeeping => ("housekeeping", "家政"),
    }
}

/// The care a service record names: one of the platform's seven kinds, or one of the further
/// kinds the district's pack lists (`[care] kinds`), by its name in the pack's words.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Care {
    Kind(CareKind),
    /// A name the pack lists (心理疏导, 家庭关系调适 …): stored as the care in words, with no
    /// platform kind.
    Listed(String),
}

impl Care {
    /// The platform kind, when it is one.
    pub fn kind(&self) -> Option<CareKind> {
        match self {
            Care::Kind(kind) => Some(*kind),
            Care::Listed(_) => None,
        }
    }

    /// Its name as shown and stored (理发, 心理疏导 …).
    pub fn name(&self) -> &str {
        match self {
            Care::Kind(kind) => kind.label_zh(),
            Care::Listed(name) => name,
        }
    }

    /// As a pack's `[hours] services` names it: a platform kind by its code, a listed kind by
    /// its name.
    pub fn code(&self) -> &str {
        match self {
            Care::Kind(kind) => kind.as_str(),
            Care::Listed(name) => name,
        }
    }

    /// The care a caller chose: a platform `kind`, or `other`, a name the district's pack lists
    /// in `listed` — exactly one of them.
    pub fn chosen(kind: Option<CareKind>, other: Option<&str>, listed: &[String]) -> Result<Care, CareRefused> {
        match (kind, other.map(str::trim)) {
            (Some(_), Some(_)) => Err(CareRefused::Both),
            (Some(kind), None) => Ok(Care::Kind(kind)),
            (None, None) => Err(CareRefused::Neither),
            (None, Some(name)) => listed
                .iter()
                .find(|n| n.as_str() == name)
                .map(|n| Care::Listed(n.clone()))
                .ok_or(CareRefused::NotListed),
        }
    }
}

/// Why a chosen care is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CareRefused {
    /// Neither a platform kind nor another kind was named.
    Neither,
    /// Both were named.
    Both,
    /// The other kind named is not one the district's pack lists.
    NotListed,
}

/// 服务项目 beyond the platform's seven that a district's pack lists (`[care]`), quoting its
/// document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PackCare {
    /// The document's words naming them; `None` when the pack has no `[care]`.
    pub source: Option<String>,
    /// The names, in the pack's order (none clashes with a platform kind, none twice).
    pub kinds: Vec<String>,
}

/// A name a pack lists as a further care kind must be this short (decision: a name fits a
/// picker's line; the seeds' longest, 居家适老化改造, has 7 characters).
pub const MAX_CARE_NAME_CHARS: usize = 16;

/// Why a pack's `[care] kinds` is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackCareError {
    Empty,
    BlankName,
    TooLong(String),
    Twice(String),
    /// The name is a platform kind's code or name (理发 …): record it as that kind.
    Platform(String),
}

impl std::fmt::Display for PackCareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PackCareError::Empty => f.write_str("[care] kinds must list at least one kind"),
            PackCareError::BlankName => f.write_str("[care] kinds: a name is blank or has spaces around it"),
            PackCareError::TooLong(n) => write!(
                f,
                "[care] kinds: '{n}' is longer than {MAX_CARE_NAME_CHARS} characters"
            ),
            PackCareError::Twice(n) => write!(f, "[care] kinds: '{n}' is listed twice"),
            PackCareError::Platform(n) => write!(
                f,
                "[care] kinds: '{n}' is one of the platform's kinds (理发, 洗衣, 送餐, 助浴, 陪诊, 精神慰藉, 家政): do not list it"
            ),
        }
    }
}

/// Checks a pack's further care kinds: at least one, each a trimmed name of at most
/// [`MAX_CARE_NAME_CHARS`] characters, none twice, none a platform kind (by code or name).
pub fn check_pack_kinds(names: &[String]) -> Result<(), PackCareError> {
    if names.is_empty() {
        return Err(PackCareError::Empty);
    }
    for (i, name) in names.iter().enumerate() {
        if name.is_empty() || name.trim() != name {
            return Err(PackCareError::BlankName);
        }
        if name.chars().count() > MAX_CARE_NAME_CHARS {
            return Err(PackCareError::TooLong(name.clone()));
        }
        if CareKind::ALL.iter().any(|k| k.as_str() == name || k.label_zh() == name) {
            return Err(PackCareError::Platform(name.clone()));
        }
        if names.iter().take(i).any(|n| n == name) {
            return Err(PackCareError::Twice(name.clone()));
        }
    }
    Ok(())
}

text_enum! {
    /// 更正状态 — where a visitor's request to correct a visit's minutes stands.
    pub enum CorrectionStatus {
        Pending => ("pending", "待处理"),
        Accepted => ("accepted", "已更正"),
        Refused => ("refused", "不予更正"),
    }
}

/// How long one service may be: as a visit (decision: the same guard against a mistyped
/// duration, 12 hours at most; the pack's per-visit cap then applies to what is credited).
pub const MAX_CARE_MINUTES: i64 = 720;

/// A visitor records care only for an elder whose slot they held, or whom they visited, in
/// this many days before today (decision, issue #20: "the visitor records a care service" —
/// for the elders they serve; a visitor cannot credit themselves for anyone in their town).
pub const CARE_TIE_DAYS: i64 = 30;

/// What a service of `care` lasting `minutes` credits its giver, a visitor of `giver`: the
/// time bank, in the pack's `[hours] services` only (a service beyond visits earns time only
/// where the district's document says so), in the book the giver earns in, the minutes as a
/// visit's are counted (rounded, capped). `None`: recorded, not credited.
pub fn credit(rules: &PostingRules, care: &Care, giver: VisitorKind, minutes: i64) -> Option<(Book, i64)> {
    if !rules.earns_time(care) || rules.book_for(giver) != Some(Book::TimeBank) {
        return None;
    }
    Some((Book::TimeBank, rules.credited(minutes))).filter(|(_, m)| *m > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn linzi_like() -> PostingRules {
        PostingRules {
            care_kinds: vec![
                Care::Kind(CareKind::Haircut),
                Care::Kind(CareKind::Meals),
                Care::Listed("心理疏导".into()),
            ],
            ..PostingRules::default()
        }
    }

    #[test]
    fn only_the_packs_services_credit_and_only_the_time_bank() {
        let rules = linzi_like();
        let meals = Care::Kind(CareKind::Meals);
        assert_eq!(
            credit(&rules, &meals, VisitorKind::SeniorVolunteer, 45),
            Some((Book::TimeBank, 45))
        );
        assert_eq!(
            credit(&rules, &Care::Kind(CareKind::Bathing), VisitorKind::SeniorVolunteer, 45),
            None
        );
        // A kind the pack lists credits when [hours] services names it, and only then.
        assert_eq!(
            credit(&rules, &Care::Listed("心理疏导".into()), VisitorKind::Volunteer, 30),
            Some((Book::TimeBank, 30))
        );
        assert_eq!(
            credit(&rules, &Care::Listed("代际沟通".into()), VisitorKind::Volunteer, 30),
            None
        );
        // A student earns service credit for visits, not time for care.
        assert_eq!(credit(&rules, &meals, VisitorKind::Student, 45), None);
        // A pack that lists no services (yubei's) credits none.
        assert_eq!(
            credit(&PostingRules::default(), &meals, VisitorKind::SeniorVolunteer, 45),
            None
        );
        // Capped as a visit is.
        assert_eq!(
            credit(&rules, &Care::Kind(CareKind::Haircut), VisitorKind::Volunteer, 600),
            Some((Book::TimeBank, 240))
        );
    }

    #[test]
    fn the_care_chosen_is_one_kind_or_one_name_the_pack_lists() {
        let listed = vec!["心理疏导".to_string(), "家庭关系调适".to_string()];
        assert_eq!(
            Care::chosen(Some(CareKind::Meals), None, &listed),
            Ok(Care::Kind(CareKind::Meals))
        );
        let other = Care::chosen(None, Some(" 家庭关系调适 "), &listed);
        assert_eq!(other, Ok(Care::Listed("家庭关系调适".into())));
        let other = other.unwrap_or(Care::Kind(CareKind::Meals));
        assert_eq!((other.kind(), other.name()), (None, "家庭关系调适"));
        assert_eq!(
            Care::chosen(None, Some("情绪疏解"), &listed),
            Err(CareRefused::NotListed)
        );
        assert_eq!(Care::chosen(None, Some("心理疏导"), &[]), Err(CareRefused::NotListed));
        assert_eq!(Care::chosen(None, None, &listed), Err(CareRefused::Neither));
        assert_eq!(
            Care::chosen(Some(CareKind::Comfort), Some("心理疏导"), &listed),
            Err(CareRefused::Both)
        );
    }

    #[test]
    fn a_packs_kinds_are_named_once_and_are_not_the_platforms() {
        let names = |n: &[&str]| n.iter().map(ToString::to_string).collect::<Vec<_>>();
        assert_eq!(check_pack_kinds(&names(&["心理疏导", "社会融入"])), Ok(()));
        assert_eq!(check_pack_kinds(&[]), Err(PackCareError::Empty));
        assert_eq!(
            check_pack_kinds(&names(&["心理疏导", " "])),
            Err(PackCareError::BlankName)
        );
        assert_eq!(check_pack_kinds(&names(&["心理疏导 "])), Err(PackCareError::BlankName));
        assert_eq!(
            check_pack_kinds(&names(&["心理疏导", "社会融入", "心理疏导"])),
            Err(PackCareError::Twice("心理疏导".into()))
        );
        for platform in ["精神慰藉", "comfort", "家政"] {
            assert_eq!(
                check_pack_kinds(&names(&[platform])),
                Err(PackCareError::Platform(platform.into()))
            );
        }
        let long = "调".repeat(MAX_CARE_NAME_CHARS + 1);
        assert_eq!(
            check_pack_kinds(std::slice::from_ref(&long)),
            Err(PackCareError::TooLong(long.clone()))
        );
        assert_eq!(check_pack_kinds(&["调".repeat(MAX_CARE_NAME_CHARS)]), Ok(()));
    }
}
