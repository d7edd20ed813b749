//! 报表样式 — which paper forms a district fills in and hands in, as its policy pack quotes
//! them from the district's document (`[forms]` in `api/policies/*.toml`).

use crate::domain::text_enum;

text_enum! {
    /// 表样 — one form a seed document attaches (附件), by district and number.
    pub enum FormCode {
        Yubei1 => ("yubei-1", "渝北区特殊困难老年人关爱服务信息台帐"),
        Yubei2 => ("yubei-2", "渝北区特殊困难老年人信息登记表"),
        Yubei3 => ("yubei-3", "渝北区特殊困难老年人探访关爱服务记录表"),
        Linzi1 => ("linzi-1", "临淄区特殊关爱群体老年人信息采集表"),
        Linzi2 => ("linzi-2", "临淄区城乡留守老年人及分散供养特困老年人探视巡访记录表"),
        Jiangmen1 => ("jiangmen-1", "广东省江门市特殊困难老年人探访关爱服务情况统计表"),
        Jiangmen2 => ("jiangmen-2", "广东省江门市特殊困难老年人基本信息登记表"),
        Jiangmen3 => ("jiangmen-3", "广东省江门市特殊困难老年人探访关爱服务记录表"),
        Ningbo2 => ("ningbo-2", "农村留守老年人基本情况汇总表"),
        Emeishan1 => ("emeishan-1", "农村留守老人巡访登记表"),
    }
}

/// The kind of a form: what one row or page of it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    /// 台帐 / 统计表 / 汇总表: one sheet, one row per elder (or per area).
    Ledger,
    /// 登记表: one page per elder.
    Registration,
    /// 记录表: one page per visit record.
    Record,
}

impl FormCode {
    pub fn kind(self) -> FormKind {
        match self {
            FormCode::Yubei1 | FormCode::Linzi1 | FormCode::Jiangmen1 | FormCode::Ningbo2 => FormKind::Ledger,
            FormCode::Yubei2 | FormCode::Jiangmen2 => FormKind::Registration,
            FormCode::Yubei3 | FormCode::Linzi2 | FormCode::Jiangmen3 | FormCode::Emeishan1 => FormKind::Record,
        }
    }

    /// The 附件 number the document gives the form.
    pub fn attachment_no(self) -> u32 {
        match self {
            FormCode::Yubei1 | FormCode::Linzi1 | FormCode::Jiangmen1 | FormCode::Emeishan1 => 1,
            FormCode::Yubei2 | FormCode::Linzi2 | FormCode::Jiangmen2 | FormCode::Ningbo2 => 2,
            FormCode::Yubei3 | FormCode::Jiangmen3 => 3,
        }
    }
}

/// 报送 — what a district hands upward and in which months (yubei 三（五）: "每年6月和12月").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandIn {
    /// Months of the year (1–12) the pack is handed in.
    pub months: Vec<u32>,
    /// The forms handed in, in the document's order.
    pub files: Vec<FormCode>,
}

/// 区县表样 — the forms a district's pack names: the record form its visitors fill in, the
/// registration form of each elder, the ledger, and the periodic hand-in. `None`: the document
/// names no such form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DistrictForms {
    /// The document's words naming the forms.
    pub source: Option<String>,
    pub ledger: Option<FormCode>,
    pub registration: Option<FormCode>,
    pub record: Option<FormCode>,
    pub hand_in: Option<HandIn>,
}
