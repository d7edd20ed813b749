//! The administrative tree (行政区划): city 市 (地级) → district 区/县/市 → town/street 镇/街道 →
//! village/community 村/社区. Codes follow the national statistical division code: 4 digits
//! for a city (GB/T 2260's first four digits: 4407 江门市, 3302 宁波市), 6 for a district, 9 for
//! a town, 12 for a village, each extending its parent's code. A node's subtree is therefore
//! exactly the codes that start with its code.
//!
//! Decision: a district's row keeps no parent link to its city (districts stay the top of the
//! stored tree, as every district desk and pack choice expects); its city is the district
//! code's first four digits ([`AreaCode::city`]), as GB/T 2260 defines them.

use super::input::Coded;
use super::text_enum;

text_enum! {
    /// 行政层级 — level of a node in the administrative tree.
    pub enum AreaLevel {
        City => ("city", "市"),
        District => ("district", "区/县/市"),
        Town => ("town", "镇/街道"),
        Village => ("village", "村/社区"),
    }
}

text_enum! {
    /// 城乡 — whether a place is urban or rural.
    pub enum UrbanRural {
        Urban => ("urban", "城镇"),
        Rural => ("rural", "农村"),
    }
}

impl AreaLevel {
    /// Number of digits of a code at this level.
    pub fn code_len(self) -> usize {
        match self {
            AreaLevel::City => 4,
            AreaLevel::District => 6,
            AreaLevel::Town => 9,
            AreaLevel::Village => 12,
        }
    }

    /// The level a child of this level has.
    pub fn child(self) -> Option<AreaLevel> {
        match self {
            AreaLevel::City => Some(AreaLevel::District),
            AreaLevel::District => Some(AreaLevel::Town),
            AreaLevel::Town => Some(AreaLevel::Village),
            AreaLevel::Village => None,
        }
    }
}

/// 行政区划代码 — a code of 4, 6, 9 or 12 ASCII digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AreaCode(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AreaCodeError {
    #[error("行政区划代码应为 4 位（市）、6 位（区县）、9 位（镇街）或 12 位（村社区）数字")]
    Malformed,
    #[error("下级代码必须以上级代码 {parent} 开头")]
    NotUnderParent { parent: String },
    #[error("该层级的代码应为 {expected} 位")]
    WrongLevel { expected: usize },
}

impl Coded for AreaCodeError {
    fn code(&self) -> &'static str {
        match self {
            AreaCodeError::Malformed => "malformed_area_code",
            AreaCodeError::NotUnderParent { .. } => "not_under_parent",
            AreaCodeError::WrongLevel { .. } => "wrong_level",
        }
    }
}

impl AreaCode {
    pub fn parse(input: &str) -> Result<AreaCode, AreaCodeError> {
        let code = input.trim();
        if !matches!(code.len(), 4 | 6 | 9 | 12) || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(AreaCodeError::Malformed);
        }
        Ok(AreaCode(code.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The level implied by the code's length.
    pub fn level(&self) -> AreaLevel {
        match self.0.len() {
            4 => AreaLevel::City,
            6 => AreaLevel::District,
            9 => AreaLevel::Town,
            _ => AreaLevel::Village,
        }
    }

    /// The parent's code (a town's district, a village's town). A district has none in the
    /// stored tree (see the module's decision); its city is [`AreaCode::city`].
    pub fn parent(&self) -> Option<AreaCode> {
        match self.level() {
            AreaLevel::City | AreaLevel::District => None,
            AreaLevel::Town => Some(AreaCode(self.0[..6].to_string())),
            AreaLevel::Village => Some(AreaCode(self.0[..9].to_string())),
        }
    }

    /// The city (4 digits) this node lies in; `None` for a city itself.
    pub fn city(&self) -> Option<AreaCode> {
        match self.level() {
            AreaLevel::City => None,
            _ => Some(AreaCode(self.0[..4].to_string())),
        }
    }

    /// Whether `other` is this node or lies below it.
    pub fn contains(&self, other: &AreaCode) -> bool {
        other.0.starts_with(&self.0)
    }

    /// The half-open range `[low, high)` of stored codes in this subtree: every code below
    /// this one starts with it, and `:` sorts right after `9`. Used for index range scans.
    pub fn subtree_range(&self) -> (String, String) {
        (self.0.clone(), format!("{}:", self.0))
    }

    /// Checks that a new node with this code fits under `parent` at the expected level.
    pub fn check_child_of(&self, parent: Option<&AreaCode>) -> Result<(), AreaCodeError> {
        match parent {
            None if matches!(self.level(), AreaLevel::City | AreaLevel::District) => Ok(()),
            None => Err(AreaCodeError::WrongLevel { expected: 6 }),
            Some(parent) => {
                let expected = parent.level().child().map(AreaLevel::code_len).unwrap_or(0);
                if self.0.len() != expected {
                    Err(AreaCodeError::WrongLevel { expected })
                } else if !parent.contains(self) {
                    Err(AreaCodeError::NotUnderParent {
                        parent: parent.0.clone(),
                    })
                } else {
                    Ok(())
                }
            }
        }
    }
}

impl std::fmt::Display for AreaCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> AreaCode {
        AreaCode::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn levels_follow_code_length() {
        assert_eq!(code("500112").level(), AreaLevel::District);
        assert_eq!(code("500112001").level(), AreaLevel::Town);
        assert_eq!(code("500112001002").level(), AreaLevel::Village);
        assert_eq!(code("4407").level(), AreaLevel::City);
        assert_eq!(code("440703").city(), Some(code("4407")));
        assert!(code("4407").contains(&code("440703001001")));
        assert!(!code("4407").contains(&code("440803")));
        assert_eq!(AreaCode::parse("50011"), Err(AreaCodeError::Malformed));
        assert_eq!(AreaCode::parse("440"), Err(AreaCodeError::Malformed));
        assert_eq!(AreaCode::parse("50011200100a"), Err(AreaCodeError::Malformed));
    }

    #[test]
    fn children_must_extend_their_parent() {
        let district = code("500112");
        let town = code("500112001");
        assert_eq!(town.check_child_of(Some(&district)), Ok(()));
        assert!(code("500113001").check_child_of(Some(&district)).is_err());
        assert!(code("500112001001").check_child_of(Some(&district)).is_err());
        assert!(town.check_child_of(None).is_err());
        assert_eq!(code("500112001001").parent(), Some(town));
    }

    #[test]
    fn subtree_range_holds_exactly_the_descendants() {
        let (low, high) = code("500112001").subtree_range();
        for inside in ["500112001", "500112001000", "500112001999"] {
            assert!(low.as_str() <= inside && inside < high.as_str(), "{inside}");
        }
        for outside in ["500112000999", "500112002", "500112002000", "500112"] {
            assert!(!(low.as_str() <= outside && outside < high.as_str()), "{outside}");
        }
    }
}
