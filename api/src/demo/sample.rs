//! 示例台帐 — a town's 台帐 as an office keeps it in Excel today (渝北 附件1 layout: title,
//! 填表单位 line, the two-row header), listing elders the demo does not hold yet, so that
//! `tanfang import elders` can be tried on the demo district right after `scripts/run.sh`.

use chrono::{Datelike, NaiveDate};

use super::generate::{self, DemoArea, DemoPlan};
use crate::domain::area::AreaLevel;
use crate::domain::elder::ElderFile;
use crate::domain::export::yubei::{self, LedgerHeading, YubeiLedgerRow};
use crate::error::{AppError, AppResult};

/// Rows of the sample sheet.
pub const SAMPLE_ROWS: usize = 120;
/// Row (1-based, among the elders) whose ID number has a wrong check digit, as a typo would.
pub const BAD_ID_ROW: usize = 17;
/// Row whose village is not one of the town's, as when a sheet uses an old name.
pub const UNKNOWN_VILLAGE_ROW: usize = 58;
/// The unknown village's name.
pub const UNKNOWN_VILLAGE: &str = "老街村";

/// The sample 台帐 of the plan's first town: its code and the workbook. The elders are the
/// generator's, numbered after the plan's own (so none is in the demo), and every row passes
/// the import's checks except [`BAD_ID_ROW`] and [`UNKNOWN_VILLAGE_ROW`] (Decision: a real
/// sheet has a few such rows, and the dry run should show how they are reported).
pub fn town_ledger(plan: &DemoPlan, today: NaiveDate) -> AppResult<(String, Vec<u8>)> {
    let areas = generate::areas(plan);
    let town = areas
        .iter()
        .find(|a| a.level == AreaLevel::Town)
        .ok_or_else(|| AppError::Internal("the demo plan has no town".into()))?;
    let villages: Vec<DemoArea> = areas
        .iter()
        .filter(|a| a.level == AreaLevel::Village && a.parent_code.as_deref() == Some(town.code.as_str()))
        .cloned()
        .collect();
    let mut rows = Vec::with_capacity(SAMPLE_ROWS);
    for n in 1..=SAMPLE_ROWS {
        let input = generate::elder(plan, &villages, plan.elders + n, today);
        let file = ElderFile::parse(&input, today).map_err(|e| AppError::Internal(format!("demo elder: {e:?}")))?;
        let village = villages
            .iter()
            .find(|v| v.code == input.village_code)
            .map_or_else(String::new, |v| v.name.clone());
        let relative = input.emergency_contacts.as_ref().and_then(|c| c.first());
        let categories: Vec<_> = file.categories.iter().copied().collect();
        let mut row = YubeiLedgerRow {
            name: input.name.clone(),
            sex: input.sex.map_or_else(String::new, |s| s.label_zh().to_string()),
            address: input.residence_address.clone(),
            id_number: input.id_number.clone(),
            phone: input.phone.clone().unwrap_or_default(),
            relative_name: relative.map_or_else(String::new, |c| c.name.clone()),
            relative_relation: relative.map_or_else(String::new, |c| c.relation.clone()),
            relative_phone: relative.map_or_else(String::new, |c| c.phone.clone()),
            categories: yubei::category_words(&categories),
            town: town.name.clone(),
            village,
            ..YubeiLedgerRow::default()
        };
        if n == BAD_ID_ROW {
            row.id_number = wrong_check_digit(&row.id_number);
        }
        if n == UNKNOWN_VILLAGE_ROW {
            row.village = UNKNOWN_VILLAGE.to_string();
        }
        rows.push(row);
    }
    let heading = LedgerHeading {
        unit: town.name.clone(),
        reporter: String::new(),
        filled_on: format!("{}年{}月{}日", today.year(), today.month(), today.day()),
        period_label: "台帐".to_string(),
    };
    let bytes = yubei::ledger_xlsx(&heading, &rows).map_err(|e| AppError::Internal(format!("xlsx: {e}")))?;
    Ok((town.code.clone(), bytes))
}

/// The same number with another check digit (the 18th character).
fn wrong_check_digit(id: &str) -> String {
    let (body, last) = id.split_at(id.len().saturating_sub(1));
    let other = if last == "0" { "1" } else { "0" };
    format!("{body}{other}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::id_number::IdNumber;

    #[test]
    fn a_changed_check_digit_makes_the_number_invalid() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 18).expect("a date");
        let good = generate::id_number(1, 5, today);
        assert!(IdNumber::parse(&good, today).is_ok(), "{good}");
        assert!(IdNumber::parse(&wrong_check_digit(&good), today).is_err());
    }
}
