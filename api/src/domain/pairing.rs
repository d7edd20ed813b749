//! 结对联系人 and the order in which people are told of a major risk: the elder's children
//! first, then close relatives, then the village staff (jiangmen-2024; DOMAIN.md §1).

use serde::Serialize;

use super::text_enum;

text_enum! {
    /// 通知顺序 — who, in order, is told when a visit finds a major risk.
    pub enum ContactRank {
        Child => ("child", "子女"),
        Relative => ("relative", "近亲属"),
        VillageStaff => ("village_staff", "村(居)委会工作人员"),
    }
}

/// The rank of an emergency contact from the relation written on the file: a son, daughter,
/// son- or daughter-in-law is a child; anyone else named is a close relative.
pub fn rank_of_relation(relation: &str) -> ContactRank {
    const CHILD: [&str; 8] = ["儿子", "女儿", "子女", "长子", "次子", "儿媳", "女婿", "养子"];
    let relation = relation.trim();
    if CHILD.iter().any(|word| relation.contains(word)) || matches!(relation, "子" | "女" | "儿") {
        ContactRank::Child
    } else {
        ContactRank::Relative
    }
}

/// One person in the notification order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainEntry {
    pub rank: ContactRank,
    pub name: String,
    pub relation: String,
    /// Masked (138****5678): the chain is shown to organizers; notifications read the number
    /// from the encrypted column when they are sent.
    pub phone_masked: String,
}

/// The notification order: the file's emergency contacts (in their calling order) children
/// first, then relatives, then the responsible village contact, who is always last.
pub fn emergency_chain(contacts: &[(String, String, String)], village_contact: Option<ChainEntry>) -> Vec<ChainEntry> {
    let mut chain: Vec<ChainEntry> = contacts
        .iter()
        .map(|(name, relation, phone)| ChainEntry {
            rank: rank_of_relation(relation),
            name: name.clone(),
            relation: relation.clone(),
            phone_masked: phone.clone(),
        })
        .collect();
    // A stable sort keeps the file's calling order within each rank.
    chain.sort_by_key(|entry| entry.rank);
    chain.extend(village_contact);
    chain
}

/// 书面告知 — what the written notice to an elder and their family says (ningbo-draft 二（二）:
/// "巡访责任人应将姓名、联系方式等基本信息书面告知巡访对象及其赡养人"). The caller fills it in
/// its scope, the contact's phone masked unless unmasked with a reason;
/// `api/templates/pages/elder/notice.html` lays it out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PairingNotice {
    pub elder_name: String,
    /// 镇（街道） and 村（社区） of the elder.
    pub town: String,
    pub village: String,
    pub contact_name: String,
    /// 村(居)工作人员 / 镇街组织者 / 探访人员.
    pub contact_role: String,
    pub contact_phone: String,
    /// Since when the contact is the elder's (the pairing's day; `None` for the village staff
    /// by default).
    pub paired_on: Option<String>,
    /// The policy pack in force and the elder's tier under it, with its visits in words.
    pub pack: Option<String>,
    pub tier: Option<String>,
    pub visits: Vec<String>,
    /// The day printed.
    pub printed_on: String,
}

const NOTICE_TEMPLATE: &str = "pages/elder/notice.html";

/// The notice as one printable HTML page.
pub fn render_notice(notice: &PairingNotice) -> Result<String, crate::error::AppError> {
    crate::templates::render(NOTICE_TEMPLATE, notice)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact(name: &str, relation: &str) -> (String, String, String) {
        (name.into(), relation.into(), "138****0000".into())
    }

    #[test]
    fn children_then_relatives_then_the_village_contact() {
        let staff = ChainEntry {
            rank: ContactRank::VillageStaff,
            name: "李主任".into(),
            relation: "结对联系人".into(),
            phone_masked: "139****1111".into(),
        };
        let chain = emergency_chain(
            &[
                contact("王二", "侄子"),
                contact("王大", "长子"),
                contact("张三", "邻居"),
                contact("王小", "女儿"),
            ],
            Some(staff),
        );
        let names: Vec<&str> = chain.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["王大", "王小", "王二", "张三", "李主任"]);
        let ranks: Vec<ContactRank> = chain.iter().map(|e| e.rank).collect();
        assert_eq!(
            ranks,
            [
                ContactRank::Child,
                ContactRank::Child,
                ContactRank::Relative,
                ContactRank::Relative,
                ContactRank::VillageStaff
            ]
        );
    }

    #[test]
    fn relations_that_name_a_child() {
        for child in ["儿子", "女儿", "次子", "儿媳", "女婿", "子", "女"] {
            assert_eq!(rank_of_relation(child), ContactRank::Child, "{child}");
        }
        for relative in ["配偶", "孙子", "兄弟", "外甥", "邻居"] {
            assert_eq!(rank_of_relation(relative), ContactRank::Relative, "{relative}");
        }
    }
}
