//! 志愿服务计学分 — what a school admin does with the school's students' service hours:
//! see them per term, certify them (approve, partly approve, deny), turn them into credit by
//! the school's rule, and issue certificates (printable, and as CSV for the school's systems).

use std::collections::HashMap;
use std::fmt::Write as _;

use serde_json::json;

use super::audit::{self, Subject};
use super::Call;
use crate::db::ledger::{self, AccountRow, CertificationRow, PostingSpan};
use crate::db::models::{SchoolRow, UserRow};
use crate::db::{users, write_transaction, DbConn};
use crate::domain::access::Role;
use crate::domain::certification::{
    certificate_number, certified_minutes, credit_tenths, credit_text, hours_text, CertificationDecision,
};
use crate::domain::export::table::csv_field;
use crate::domain::id::{AccountId, CertificationId, LedgerAccountId};
use crate::domain::input::optional_text;
use crate::domain::ledger::{Book, Term};
use crate::error::{AppError, AppResult};

/// The school the caller administers.
fn my_school(conn: &mut DbConn, call: &Call) -> AppResult<SchoolRow> {
    if call.actor.role != Some(Role::SchoolAdmin) {
        return Err(call.denied());
    }
    let id = call.actor.school_id.as_ref().ok_or_else(|| call.denied())?;
    users::school(conn, id)?.ok_or(AppError::Forbidden)
}

fn parse_term(term: &str) -> AppResult<Term> {
    Term::parse(term).ok_or_else(|| AppError::field("term", "invalid", "学期格式应为 2026-spring 或 2026-autumn"))
}

/// One student's hours of a term and their certification, if decided.
pub struct StudentHours {
    pub account: AccountRow,
    pub student: UserRow,
    pub certification: Option<CertificationRow>,
}

/// 学生服务时长 — the school's students with service credit in `term`.
pub fn school_hours(conn: &mut DbConn, call: &Call, term: &str) -> AppResult<Vec<StudentHours>> {
    let school = my_school(conn, call)?;
    let term = parse_term(term)?;
    let accounts = ledger::school_accounts(conn, &school.id, &term.code())?;
    let student_ids: Vec<AccountId> = accounts.iter().filter_map(|a| a.user_id.clone()).collect();
    let mut students: HashMap<AccountId, UserRow> = users::by_ids(conn, &student_ids)?
        .into_iter()
        .map(|u| (u.id.clone(), u))
        .collect();
    let mut certifications: HashMap<LedgerAccountId, CertificationRow> =
        ledger::certifications_of_school(conn, &school.id, &term.code())?
            .into_iter()
            .map(|c| (c.account_id.clone(), c))
            .collect();
    Ok(accounts
        .into_iter()
        .filter_map(|account| {
            let student = students.remove(account.user_id.as_ref()?)?;
            let certification = certifications.remove(&account.id);
            Some(StudentHours {
                account,
                student,
                certification,
            })
        })
        .collect())
}

/// 设置学分规则 — how many certified minutes make one credit at the caller's school.
pub fn set_credit_rule(conn: &mut DbConn, call: &Call, minutes_per_credit: i32) -> AppResult<SchoolRow> {
    if !(60..=6_000).contains(&minutes_per_credit) {
        return Err(AppError::field(
            "minutesPerCredit",
            "out_of_range",
            "每学分分钟数应在 60 到 6000 之间",
        ));
    }
    write_transaction(conn, |conn| {
        let school = my_school(conn, call)?;
        users::set_minutes_per_credit(conn, &school.id, minutes_per_credit)?;
        audit::record(
            conn,
            call,
            "school.credit_rule",
            Subject {
                object_type: "school",
                object_id: Some(school.id.as_str()),
                area_code: Some(&school.area_code),
            },
            None,
            Some(&json!({ "minutesPerCredit": school.minutes_per_credit })),
            Some(&json!({ "minutesPerCredit": minutes_per_credit })),
        )?;
        Ok(SchoolRow {
            minutes_per_credit,
            ..school
        })
    })
}

/// 认定 — decides a student's hours of a term once. Another school's student is not found.
pub fn certify(
    conn: &mut DbConn,
    call: &Call,
    account_id: &LedgerAccountId,
    decision: CertificationDecision,
    part_minutes: Option<i64>,
    comment: Option<&str>,
) -> AppResult<CertificationRow> {
    let comment = optional_text(comment.unwrap_or_default(), 500)
        .map_err(|e| AppError::field("comment", crate::domain::input::Coded::code(&e), e.to_string()))?;
    write_transaction(conn, |conn| {
        let school = my_school(conn, call)?;
        // Certifications take turns: each numbers its certificate after the others of the
        // term, across schools (one sequence per term).
        crate::db::lock_key(conn, "certifications")?;
        let account = ledger::account(conn, account_id)?
            .filter(|a| a.book == Book::ServiceCredit && a.school_id.as_ref() == Some(&school.id))
            .ok_or(AppError::NotFound {
                what: "学生服务账户"
            })?;
        if ledger::certification_of_account(conn, &account.id)?.is_some() {
            return Err(AppError::field(
                "accountId",
                "already_certified",
                "该学生本学期的服务时长已认定",
            ));
        }
        let recorded = account.credits_posted - account.debits_posted;
        let certified = certified_minutes(decision, recorded, part_minutes, comment.is_some())
            .map_err(|e| AppError::field(e.field(), e.code(), e.to_string()))?;
        let term = account.term.clone().unwrap_or_default();
        let certificate_no = if certified > 0 {
            let parsed = Term::parse(&term).ok_or_else(|| {
                AppError::Internal(format!("service-credit account {} has a malformed term", account.id))
            })?;
            let issued = ledger::numbered_certifications_of_term(conn, &term)?;
            Some(certificate_number(parsed, issued + 1))
        } else {
            None
        };
        let row = CertificationRow {
            id: CertificationId::fresh(),
            account_id: account.id.clone(),
            school_id: school.id.clone(),
            student_id: account
                .user_id
                .clone()
                .ok_or_else(|| AppError::Internal(format!("service-credit account {} has no holder", account.id)))?,
            term,
            recorded_minutes: recorded,
            certified_minutes: certified,
            decision,
            comment: comment.clone(),
            credit_tenths: credit_tenths(certified, i64::from(school.minutes_per_credit)),
            certificate_no,
            certified_by: call.actor.user_id.clone().ok_or(AppError::Unauthenticated)?,
            certified_at: call.now,
        };
        ledger::insert_certification(conn, &row)?;
        audit::record(
            conn,
            call,
            "service.certify",
            Subject {
                object_type: "service_certification",
                object_id: Some(row.id.as_str()),
                area_code: Some(&school.area_code),
            },
            comment.as_deref(),
            None,
            Some(&json!({ "decision": row.decision, "recorded": recorded, "certified": certified })),
        )?;
        Ok(row)
    })
}

/// What a certificate says (民发〔2015〕149号): the student (name, masked ID number), the
/// hours and content of service, the issuing organisation, number and date.
pub struct Certificate {
    pub row: CertificationRow,
    pub student_name: String,
    pub id_number_masked: String,
    pub school_name: String,
    pub content: String,
}

/// What the certificates of `rows` say: their students and what their services were, read
/// for all of them at once (two queries, not two per certificate).
fn certificates_of(conn: &mut DbConn, rows: Vec<CertificationRow>, school: &SchoolRow) -> AppResult<Vec<Certificate>> {
    let student_ids: Vec<AccountId> = rows.iter().map(|r| r.student_id.clone()).collect();
    let students: HashMap<AccountId, UserRow> = users::by_ids(conn, &student_ids)?
        .into_iter()
        .map(|u| (u.id.clone(), u))
        .collect();
    let account_ids: Vec<LedgerAccountId> = rows.iter().map(|r| r.account_id.clone()).collect();
    let spans: HashMap<LedgerAccountId, PostingSpan> = ledger::posting_spans(conn, &account_ids)?
        .into_iter()
        .map(|s| (s.account_id.clone(), s))
        .collect();
    Ok(rows
        .into_iter()
        .map(|row| {
            let student = students.get(&row.student_id);
            Certificate {
                student_name: student.map(|s| s.display_name.clone()).unwrap_or_default(),
                id_number_masked: student.and_then(|s| s.id_number_masked.clone()).unwrap_or_default(),
                school_name: school.name.clone(),
                content: service_content(spans.get(&row.account_id)),
                row,
            }
        })
        .collect())
}

/// 服务内容: how many visits, from which day to which.
fn service_content(span: Option<&PostingSpan>) -> String {
    match span {
        Some(span) => format!(
            "特殊困难老年人探访关爱服务 {} 次（{} 至 {}）",
            span.count,
            span.first.date().format("%Y年%-m月%-d日"),
            span.last.date().format("%Y年%-m月%-d日")
        ),
        None => "特殊困难老年人探访关爱服务".to_string(),
    }
}

/// The issued certificates of the caller's school for a term.
pub fn certificates(conn: &mut DbConn, call: &Call, term: &str) -> AppResult<Vec<Certificate>> {
    let school = my_school(conn, call)?;
    let term = parse_term(term)?;
    let rows = ledger::certificates_of_school_in(conn, &call.actor, &school.id, &term.code())?;
    certificates_of(conn, rows, &school)
}

/// 导出 — the term's certificates as CSV (UTF-8 with BOM, so Excel opens it as such).
pub fn certificates_csv(conn: &mut DbConn, call: &Call, term: &str) -> AppResult<String> {
    let rows = certificates(conn, call, term)?;
    let mut csv = String::from(
        "\u{feff}证明编号,姓名,身份证号（脱敏）,学期,认定时长（分钟）,认定时长,学分,服务内容,出具单位,出具日期\n",
    );
    for c in rows {
        let fields = [
            c.row.certificate_no.clone().unwrap_or_default(),
            c.student_name,
            c.id_number_masked,
            c.row.term.clone(),
            c.row.certified_minutes.to_string(),
            hours_text(c.row.certified_minutes),
            credit_text(c.row.credit_tenths),
            c.content,
            c.school_name,
            c.row.certified_at.format("%Y-%m-%d").to_string(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        let _ = writeln!(csv, "{}", line.join(","));
    }
    Ok(csv)
}

/// One certificate as a printable page, for the school admin or the student it names.
pub fn certificate_html(conn: &mut DbConn, call: &Call, id: &CertificationId) -> AppResult<String> {
    let not_found = || AppError::NotFound { what: "证明" };
    let row = ledger::certificate_in(conn, &call.actor, id)?.ok_or_else(not_found)?;
    let school = users::school(conn, &row.school_id)?.ok_or_else(not_found)?;
    let c = certificates_of(conn, vec![row], &school)?.pop().ok_or_else(not_found)?;
    certificate_page(&c)
}

/// The certificate as a printable page (`api/templates/pages/certificate.html`).
pub fn certificate_page(c: &Certificate) -> AppResult<String> {
    crate::templates::render(
        "pages/certificate.html",
        &json!({
            "number": c.row.certificate_no.as_deref().unwrap_or_default(),
            "name": c.student_name,
            "id_number": c.id_number_masked,
            "term": Term::parse(&c.row.term).map(Term::label_zh).unwrap_or_default(),
            "content": c.content,
            "hours": hours_text(c.row.certified_minutes),
            // Less than a tenth of a credit is not printed as 0.0.
            "credit": (c.row.credit_tenths > 0).then(|| credit_text(c.row.credit_tenths)),
            "school": c.school_name,
            "date": c.row.certified_at.format("%Y年%-m月%-d日").to_string(),
        }),
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn fixture(name: &str) -> Certificate {
        Certificate {
            row: CertificationRow {
                id: CertificationId::from("c1".to_string()),
                account_id: LedgerAccountId::from("a1".to_string()),
                school_id: "s1".into(),
                student_id: AccountId::from("u1".to_string()),
                term: "2026-autumn".into(),
                recorded_minutes: 800,
                certified_minutes: 750,
                decision: CertificationDecision::PartlyApprove,
                comment: Some("一次未确认".into()),
                credit_tenths: 12,
                certificate_no: Some("2026秋-00007".into()),
                certified_by: AccountId::from("u2".to_string()),
                certified_at: chrono::NaiveDate::from_ymd_opt(2027, 1, 15)
                    .unwrap()
                    .and_hms_opt(9, 0, 0)
                    .unwrap(),
            },
            student_name: name.into(),
            id_number_masked: "5001**********123X".into(),
            school_name: "渝北区某中学".into(),
            content: "特殊困难老年人探访关爱服务 5 次（2026年9月1日 至 2026年12月20日）".into(),
        }
    }

    #[test]
    fn the_certificate_says_what_149_lists_and_escapes_the_name() {
        let html = certificate_page(&fixture("<script>x</script>")).unwrap();
        assert!(html.contains("<h1>志愿服务记录证明</h1>"));
        assert!(html.contains("证明编号：2026秋-00007"));
        assert!(html.contains("（身份证号：5001**********123X）于 2026年秋季学期 参加特殊困难老年人探访关爱服务 5 次"));
        assert!(html.contains("经认定志愿服务时长 <b>12小时30分钟</b>，折合学分 1.2。"));
        assert!(html.contains("出具单位：渝北区某中学（盖章）") && html.contains("出具日期：2027年1月15日"));
        assert!(html.contains("<b>&lt;script&gt;x&lt;/script&gt;</b>") && !html.contains("<script>"));
    }

    #[test]
    fn less_than_a_tenth_of_a_credit_is_not_printed_as_zero() {
        let mut few = fixture("王同学");
        few.row.certified_minutes = 45;
        few.row.credit_tenths = 0;
        let html = certificate_page(&few).unwrap();
        assert!(html.contains("经认定志愿服务时长 <b>45分钟</b>。"), "{html}");
        assert!(!html.contains("折合学分"), "{html}");
    }
}
