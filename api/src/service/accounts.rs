//! Accounts: staff created by organizers, visitors who register themselves and wait for a
//! town organizer's approval, students registered by their school (a minor only with a
//! guardian's consent on record), schools, password changes.

use chrono::NaiveDate;
use serde_json::json;

use super::audit::{self, Subject};
use super::Call;
use crate::auth::password::{check_password_policy, hash_password};
use crate::db::models::{SchoolRow, UserRow};
use crate::db::users::{self, GUARDIAN_PHONE, USER_ID_NUMBER, USER_PHONE};
use crate::db::{areas, elders, write_transaction, DbConn};
use crate::domain::access::{AccountStatus, Permission, Role, Scope, VisitorKind};
use crate::domain::area::{AreaCode, AreaLevel};
use crate::domain::id::{AccountId, ElderId, SchoolId};
use crate::domain::id_number::IdNumber;
use crate::domain::input::{not_in_future, required_text, InvalidInput};
use crate::domain::phone::PhoneNumber;
use crate::error::{AppError, AppResult};

/// 成年 — adulthood starts at 18.
pub const ADULT_AGE: u32 = 18;
/// 低龄健康老年人 are 60 or older.
pub const SENIOR_VOLUNTEER_MIN_AGE: u32 = 60;
/// Blind-index kind shared by every identity number.
const ID_NUMBER_INDEX: &str = crate::db::elders::ID_NUMBER_INDEX;

/// A staff, school-admin or family account created by an organizer.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "graphql", derive(juniper::GraphQLInputObject))]
pub struct StaffAccountInput {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub role: Role,
    /// The node the role is held at: a district for district admins, a town for town
    /// organizers, a village for village staff.
    pub area_code: Option<String>,
    /// For school admins.
    pub school_id: Option<String>,
    /// For family accounts: the elder.
    pub elder_id: Option<String>,
    pub phone: Option<String>,
}

/// 实名注册 — a visitor's self-registration.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "graphql", derive(juniper::GraphQLInputObject))]
pub struct VisitorRegistrationInput {
    pub username: String,
    pub password: String,
    /// 真实姓名
    pub real_name: String,
    pub id_number: String,
    pub phone: String,
    /// 常住村/社区
    pub home_village_code: String,
    /// Students are registered by their school, not here.
    pub kind: VisitorKind,
}

/// A student registered by their school.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "graphql", derive(juniper::GraphQLInputObject))]
pub struct StudentInput {
    pub username: String,
    pub password: String,
    pub real_name: String,
    pub id_number: String,
    pub phone: Option<String>,
    /// 监护人 — required while the student is a minor.
    pub guardian_name: Option<String>,
    pub guardian_relation: Option<String>,
    pub guardian_phone: Option<String>,
    /// The date the guardian's written consent was received.
    pub guardian_consent_on: Option<NaiveDate>,
}

fn parse_username(errors: &mut InvalidInput, username: &str) -> Option<String> {
    let name = username.trim().to_lowercase();
    let valid = (3..=32).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if valid {
        Some(name)
    } else {
        errors.add(
            "username",
            "bad_username",
            "用户名为 3–32 位字母、数字或 . _ - (3–32 letters, digits, . _ -)",
        );
        None
    }
}

fn parse_password(errors: &mut InvalidInput, field: &str, password: &str) -> Option<String> {
    match check_password_policy(password) {
        Ok(()) => Some(password.to_string()),
        Err(e) => {
            errors.add(field, e.code(), e.to_string());
            None
        }
    }
}

fn optional_phone(errors: &mut InvalidInput, field: &str, phone: Option<&str>) -> Option<Option<PhoneNumber>> {
    match phone.map(str::trim).filter(|p| !p.is_empty()) {
        None => Some(None),
        Some(p) => errors.check(field, PhoneNumber::parse(p)).map(Some),
    }
}

pub(crate) fn hash(password: &str) -> AppResult<String> {
    hash_password(password).map_err(|e| AppError::Internal(format!("password hashing failed: {e}")))
}

pub(crate) fn new_user(
    call: &Call,
    username: String,
    display_name: String,
    password_hash: String,
    role: Role,
) -> UserRow {
    UserRow {
        id: AccountId::fresh(),
        username,
        display_name,
        password_hash,
        role,
        area_code: None,
        school_id: None,
        elder_id: None,
        visitor_kind: None,
        status: AccountStatus::Active,
        id_number_enc: None,
        id_number_index: None,
        id_number_masked: None,
        phone_enc: None,
        phone_masked: None,
        birth_date: None,
        is_minor: false,
        guardian_name: None,
        guardian_relation: None,
        guardian_phone_enc: None,
        guardian_consent_on: None,
        approved_by: None,
        approved_at: None,
        created_by: Some(call.actor.label.clone()),
        created_at: call.now,
        updated_at: call.now,
        email_enc: None,
        email_masked: None,
        locale: None,
    }
}

pub(crate) fn set_identity(call: &Call, row: &mut UserRow, id_number: &IdNumber, phone: Option<&PhoneNumber>) {
    row.id_number_enc = Some(call.cipher.encrypt(USER_ID_NUMBER, id_number.as_str()));
    row.id_number_index = Some(call.cipher.blind_index(ID_NUMBER_INDEX, id_number.as_str()));
    row.id_number_masked = Some(id_number.masked());
    row.birth_date = Some(id_number.birth_date());
    row.is_minor = id_number.age_on(call.today) < ADULT_AGE;
    set_phone(call, row, phone);
}

pub(crate) fn set_phone(call: &Call, row: &mut UserRow, phone: Option<&PhoneNumber>) {
    row.phone_enc = phone.map(|p| call.cipher.encrypt(USER_PHONE, p.as_str()));
    row.phone_masked = phone.map(PhoneNumber::masked);
}

/// What the audit log keeps of an account: nothing sensitive.
fn account_snapshot(row: &UserRow) -> serde_json::Value {
    json!({
        "username": row.username, "displayName": row.display_name, "role": row.role,
        "areaCode": row.area_code, "schoolId": row.school_id, "elderId": row.elder_id,
        "visitorKind": row.visitor_kind, "status": row.status, "idNumber": row.id_number_masked,
        "phone": row.phone_masked, "isMinor": row.is_minor,
    })
}

fn account_subject(row: &UserRow) -> Subject<'_> {
    Subject {
        object_type: "account",
        object_id: Some(row.id.as_str()),
        area_code: row.area_code.as_deref(),
    }
}

/// Inserts a new account after the uniqueness checks, with its audit entry.
pub(crate) fn insert_account(conn: &mut DbConn, call: &Call, row: &UserRow, action: &str) -> AppResult<UserRow> {
    write_transaction(conn, |conn| {
        // Twins of one registration take turns, so that the second is told what a repeat is.
        crate::db::lock_key(conn, &format!("users/username/{}", row.username))?;
        if users::username_taken(conn, &row.username)? {
            return Err(AppError::field(
                "username",
                "duplicate",
                "该用户名已被使用 (username taken)",
            ));
        }
        if let Some(index) = &row.id_number_index {
            if users::id_number_taken(conn, index)? {
                return Err(AppError::field(
                    "idNumber",
                    "duplicate",
                    "该身份证号已注册账号 (an account already exists for this ID number)",
                ));
            }
        }
        users::insert(conn, row)?;
        audit::record(
            conn,
            call,
            action,
            account_subject(row),
            None,
            None,
            Some(&account_snapshot(row)),
        )?;
        Ok(row.clone())
    })
}

/// 创建工作人员账号 — an organizer creates an account for a role below their own, at a place
/// inside their scope.
pub fn create_staff(conn: &mut DbConn, call: &Call, input: &StaffAccountInput) -> AppResult<UserRow> {
    let scope = call.scope(Permission::CreateStaff)?;
    let creator_role = call.actor.role.ok_or(AppError::Forbidden)?;
    if !creator_role.may_create(input.role) {
        return Err(AppError::field(
            "role",
            "not_permitted",
            "无权创建该角色的账号 (you cannot create this role)",
        ));
    }
    let mut errors = InvalidInput::default();
    let username = parse_username(&mut errors, &input.username);
    let display_name = errors.check("displayName", required_text(&input.display_name, 50));
    let password = parse_password(&mut errors, "password", &input.password);
    let phone = optional_phone(&mut errors, "phone", input.phone.as_deref());
    let area = match (input.role.area_level(), input.area_code.as_deref()) {
        (Some(level), Some(code)) => match AreaCode::parse(code) {
            Ok(code) if code.level() == level => Some(Some(code)),
            _ => {
                errors.add(
                    "areaCode",
                    "wrong_level",
                    format!("该角色须设在{}一级", level.label_zh()),
                );
                None
            }
        },
        (Some(level), None) => {
            errors.add("areaCode", "required", format!("该角色须设在{}一级", level.label_zh()));
            None
        }
        (None, _) => Some(None),
    };
    let (username, display_name, password, phone, area) =
        errors.finish(|| Some((username?, display_name?, password?, phone?, area?)))?;
    let mut row = new_user(call, username, display_name, hash(&password)?, input.role);
    set_phone(call, &mut row, phone.as_ref());
    match input.role {
        Role::SchoolAdmin => {
            let school_id = input
                .school_id
                .clone()
                .map(SchoolId::from)
                .ok_or_else(|| AppError::field("schoolId", "required", "学校管理员须指定学校"))?;
            let school = users::school(conn, &school_id)?
                .ok_or_else(|| AppError::field("schoolId", "unknown_school", "学校不存在"))?;
            row.school_id = Some(school.id);
            row.area_code = Some(school.area_code);
        }
        Role::Family => {
            let elder_id = input
                .elder_id
                .clone()
                .map(ElderId::from)
                .ok_or_else(|| AppError::field("elderId", "required", "家属账号须指定老人"))?;
            let elder_scope = call.actor.scope_for(Permission::ReadElders);
            let elder = elders::find(conn, &elder_scope, &elder_id)?
                .ok_or_else(|| AppError::field("elderId", "unknown_elder", "老人档案不存在或不在您的管辖范围"))?;
            row.elder_id = Some(elder.id);
            row.area_code = Some(elder.village_code);
        }
        _ => {
            let area = area.ok_or(AppError::Forbidden)?;
            if areas::find(conn, area.as_str())?.is_none() {
                return Err(AppError::field(
                    "areaCode",
                    "unknown_area",
                    format!("区划 {area} 不存在"),
                ));
            }
            row.area_code = Some(area.as_str().to_string());
        }
    }
    let place = row.area_code.as_deref().map(AreaCode::parse).and_then(Result::ok);
    if !place.is_some_and(|p| scope.contains_area(&p)) {
        return Err(AppError::field(
            "areaCode",
            "out_of_scope",
            "不在您的管辖范围内 (outside your area)",
        ));
    }
    insert_account(conn, call, &row, "account.create")
}

/// 志愿者实名注册 — anyone may register as a visitor; the account waits for approval.
pub fn register_visitor(conn: &mut DbConn, call: &Call, input: &VisitorRegistrationInput) -> AppResult<UserRow> {
    let mut errors = InvalidInput::default();
    let username = parse_username(&mut errors, &input.username);
    let password = parse_password(&mut errors, "password", &input.password);
    let real_name = errors.check("realName", required_text(&input.real_name, 50));
    let id_number = errors.check("idNumber", IdNumber::parse(&input.id_number, call.today));
    let phone = errors.check("phone", PhoneNumber::parse(&input.phone));
    let village = errors.check("homeVillageCode", AreaCode::parse(&input.home_village_code));
    if input.kind == VisitorKind::Student {
        errors.add(
            "kind",
            "registered_by_school",
            "学生由所在学校登记 (students are registered by their school)",
        );
    }
    if let Some(id) = &id_number {
        let age = id.age_on(call.today);
        if age < ADULT_AGE {
            errors.add(
                "idNumber",
                "minor",
                "未成年人请由学校登记并取得监护人同意 (minors are registered by their school)",
            );
        } else if input.kind == VisitorKind::SeniorVolunteer && age < SENIOR_VOLUNTEER_MIN_AGE {
            errors.add("kind", "too_young", "低龄健康老年人须年满 60 周岁");
        }
    }
    let (username, password, real_name, id_number, phone, village) =
        errors.finish(|| Some((username?, password?, real_name?, id_number?, phone?, village?)))?;
    if village.level() != AreaLevel::Village {
        return Err(AppError::field("homeVillageCode", "not_a_village", "请选择村/社区"));
    }
    super::areas::require_village(conn, "homeVillageCode", &village)?;
    let mut row = new_user(call, username, real_name, hash(&password)?, Role::Visitor);
    set_identity(call, &mut row, &id_number, Some(&phone));
    row.area_code = Some(village.as_str().to_string());
    row.visitor_kind = Some(input.kind);
    row.status = AccountStatus::Pending;
    insert_account(conn, call, &row, "account.register")
}

/// 审核通过 — a town organizer approves a pending visitor of their area.
pub fn approve_visitor(conn: &mut DbConn, call: &Call, user_id: &AccountId) -> AppResult<UserRow> {
    let scope = call.scope(Permission::ApproveVisitors)?;
    write_transaction(conn, |conn| {
        let row = users::find(conn, &scope, user_id)?.ok_or(AppError::NotFound { what: "账号" })?;
        if row.role != Role::Visitor {
            return Err(AppError::field("userId", "not_a_visitor", "只审核探访人员账号"));
        }
        let (pending, active) = (AccountStatus::Pending.as_str(), AccountStatus::Active.as_str());
        if !users::set_status(conn, user_id, pending, active, Some(&call.actor.label), call.now)? {
            return Err(AppError::field("userId", "not_pending", "该账号不在待审核状态"));
        }
        let after = users::find(conn, &scope, user_id)?.ok_or(AppError::NotFound { what: "账号" })?;
        audit::record(
            conn,
            call,
            "account.approve",
            account_subject(&after),
            None,
            Some(&account_snapshot(&row)),
            Some(&account_snapshot(&after)),
        )?;
        Ok(after)
    })
}

/// 暂停 — a town organizer suspends an approved visitor of their area, with a reason: the
/// account is disabled (it can no longer sign in, and its sessions end), and every slot it
/// holds whose window has not passed goes back to the open pool. Audited with the reason.
pub fn suspend_visitor(conn: &mut DbConn, call: &Call, user_id: &AccountId, reason: &str) -> AppResult<UserRow> {
    let mut errors = InvalidInput::default();
    let reason = errors.check("reason", required_text(reason, 500));
    let reason = errors.finish(|| reason)?;
    let (from, to) = (AccountStatus::Active, AccountStatus::Disabled);
    change_visitor_status(
        conn,
        call,
        user_id,
        (from, to),
        "account.suspend",
        Some(&reason),
        |conn| {
            users::revoke_all_sessions(conn, user_id, call.now)?;
            super::slots::release_held(conn, call, user_id)?;
            Ok(())
        },
    )
}

/// 恢复 — a town organizer lets a suspended visitor of their area work again.
pub fn reinstate_visitor(conn: &mut DbConn, call: &Call, user_id: &AccountId) -> AppResult<UserRow> {
    let (from, to) = (AccountStatus::Disabled, AccountStatus::Active);
    change_visitor_status(conn, call, user_id, (from, to), "account.reinstate", None, |_| Ok(()))
}

/// Moves a visitor account of the organizer's area from one status to another in one
/// transaction with `then` and the audit entry; a field error when it is not in `from`.
fn change_visitor_status(
    conn: &mut DbConn,
    call: &Call,
    user_id: &AccountId,
    (from, to): (AccountStatus, AccountStatus),
    action: &str,
    reason: Option<&str>,
    then: impl Fn(&mut DbConn) -> AppResult<()>,
) -> AppResult<UserRow> {
    let scope = call.scope(Permission::ApproveVisitors)?;
    write_transaction(conn, |conn| {
        let row = users::find(conn, &scope, user_id)?.ok_or(AppError::NotFound { what: "账号" })?;
        if row.role != Role::Visitor {
            return Err(AppError::field("userId", "not_a_visitor", "只能处理探访人员账号"));
        }
        if !users::change_status(conn, user_id, from.as_str(), to.as_str(), call.now)? {
            let message = format!("该账号不在“{}”状态", from.label_zh());
            return Err(AppError::field("userId", "wrong_status", message));
        }
        then(conn)?;
        let after = users::find(conn, &scope, user_id)?.ok_or(AppError::NotFound { what: "账号" })?;
        audit::record(
            conn,
            call,
            action,
            account_subject(&after),
            reason,
            Some(&account_snapshot(&row)),
            Some(&account_snapshot(&after)),
        )?;
        Ok(after)
    })
}

/// 学生登记 — a school admin registers one of the school's students. A minor needs the
/// guardian's details and the date their consent was received.
pub fn register_student(conn: &mut DbConn, call: &Call, input: &StudentInput) -> AppResult<UserRow> {
    let Scope::School(school_id) = call.scope(Permission::RegisterStudents)? else {
        return Err(AppError::Forbidden);
    };
    let mut errors = InvalidInput::default();
    let username = parse_username(&mut errors, &input.username);
    let password = parse_password(&mut errors, "password", &input.password);
    let real_name = errors.check("realName", required_text(&input.real_name, 50));
    let id_number = errors.check("idNumber", IdNumber::parse(&input.id_number, call.today));
    let phone = optional_phone(&mut errors, "phone", input.phone.as_deref());
    let minor = id_number.as_ref().is_some_and(|id| id.age_on(call.today) < ADULT_AGE);
    let mut guardian = None;
    if minor {
        let name = errors.check(
            "guardianName",
            required_text(input.guardian_name.as_deref().unwrap_or(""), 50),
        );
        let relation = errors.check(
            "guardianRelation",
            required_text(input.guardian_relation.as_deref().unwrap_or(""), 20),
        );
        let phone = errors.check(
            "guardianPhone",
            PhoneNumber::parse(input.guardian_phone.as_deref().unwrap_or("")),
        );
        let consent_on = match input.guardian_consent_on {
            Some(date) => errors.check("guardianConsentOn", not_in_future(date, call.today)),
            None => {
                errors.add("guardianConsentOn", "required", "未成年学生须记录监护人书面同意日期");
                None
            }
        };
        guardian = Some((name, relation, phone, consent_on));
    }
    let (username, password, real_name, id_number, phone) =
        errors.finish(|| Some((username?, password?, real_name?, id_number?, phone?)))?;
    let school = users::school(conn, &school_id)?.ok_or(AppError::NotFound { what: "学校" })?;
    let mut row = new_user(call, username, real_name, hash(&password)?, Role::Visitor);
    set_identity(call, &mut row, &id_number, phone.as_ref());
    row.visitor_kind = Some(VisitorKind::Student);
    row.school_id = Some(school.id);
    row.area_code = Some(school.area_code);
    if let Some((Some(name), Some(relation), Some(phone), Some(consent_on))) = guardian {
        row.guardian_name = Some(name);
        row.guardian_relation = Some(relation);
        row.guardian_phone_enc = Some(call.cipher.encrypt(GUARDIAN_PHONE, phone.as_str()));
        row.guardian_consent_on = Some(consent_on);
    }
    insert_account(conn, call, &row, "account.register_student")
}

/// Adds a school in the admin's area.
/// The school of the signed-in school admin or student (its name and credit rule); `None`
/// for other accounts.
pub fn my_school(conn: &mut DbConn, call: &Call) -> AppResult<Option<SchoolRow>> {
    match call.actor.school_id.as_ref() {
        Some(id) => Ok(users::school(conn, id)?),
        None => Ok(None),
    }
}

pub fn create_school(conn: &mut DbConn, call: &Call, name: &str, area_code: &str) -> AppResult<SchoolRow> {
    let scope = call.scope(Permission::ManageAreas)?;
    let mut errors = InvalidInput::default();
    let name = errors.check("name", required_text(name, 100));
    let area = errors.check("areaCode", AreaCode::parse(area_code));
    let (name, area) = errors.finish(|| Some((name?, area?)))?;
    if !scope.contains_area(&area) {
        return Err(AppError::field(
            "areaCode",
            "out_of_scope",
            "不在您的管辖范围内 (outside your area)",
        ));
    }
    write_transaction(conn, |conn| {
        if areas::find(conn, area.as_str())?.is_none() {
            return Err(AppError::field(
                "areaCode",
                "unknown_area",
                format!("区划 {area} 不存在"),
            ));
        }
        let row = SchoolRow {
            id: SchoolId::fresh(),
            name: name.clone(),
            area_code: area.as_str().to_string(),
            created_at: call.now,
            minutes_per_credit: 1200,
        };
        users::insert_school(conn, &row)?;
        let subject = Subject {
            object_type: "school",
            object_id: Some(row.id.as_str()),
            area_code: Some(&row.area_code),
        };
        audit::record(
            conn,
            call,
            "school.create",
            subject,
            None,
            None,
            Some(&json!({"name": row.name})),
        )?;
        Ok(row)
    })
}

/// Accounts in the actor's scope (staff: their area; school admins: their school).
pub fn page(
    conn: &mut DbConn,
    call: &Call,
    status: Option<AccountStatus>,
    role: Option<Role>,
    after: Option<&AccountId>,
    limit: i64,
) -> AppResult<Vec<UserRow>> {
    let scope = match call.actor.role {
        Some(Role::SchoolAdmin) => call.scope(Permission::RegisterStudents)?,
        _ => call.scope(Permission::CreateStaff)?,
    };
    Ok(users::page(
        conn,
        &scope,
        status.map(AccountStatus::as_str),
        role,
        after,
        limit,
    )?)
}

/// 初始化 — on a new installation, creates a district (if missing) and its first district
/// admin. Only the system (a command run on the server) may do this.
pub fn bootstrap_district(
    conn: &mut DbConn,
    call: &Call,
    district_code: &str,
    district_name: &str,
    username: &str,
    password: &str,
) -> AppResult<UserRow> {
    let area = BootstrapArea {
        field: "districtCode",
        level: AreaLevel::District,
        wrong_level: "区县代码应为 6 位",
        role: Role::DistrictAdmin,
    };
    bootstrap(conn, call, &area, district_code, district_name, username, password)
}

/// 市级初始化 — creates a city (if missing) and a city admin (市级管理员) over it. Only the
/// system (a command run on the server) may do this: no account creates a city admin (see
/// [`Role::may_create`]).
pub fn bootstrap_city(
    conn: &mut DbConn,
    call: &Call,
    city_code: &str,
    city_name: &str,
    username: &str,
    password: &str,
) -> AppResult<UserRow> {
    let area = BootstrapArea {
        field: "cityCode",
        level: AreaLevel::City,
        wrong_level: "地级市代码应为 4 位",
        role: Role::CityAdmin,
    };
    bootstrap(conn, call, &area, city_code, city_name, username, password)
}

/// What a bootstrap creates: an area of one level and its admin.
struct BootstrapArea {
    /// The input field of the area's code, named in errors.
    field: &'static str,
    level: AreaLevel,
    wrong_level: &'static str,
    role: Role,
}

/// Creates the area `code` (if missing) and an admin over it, as the system.
fn bootstrap(
    conn: &mut DbConn,
    call: &Call,
    area: &BootstrapArea,
    code: &str,
    name: &str,
    username: &str,
    password: &str,
) -> AppResult<UserRow> {
    if !call.actor.is_system() {
        return Err(AppError::Forbidden);
    }
    let mut errors = InvalidInput::default();
    let code = errors.check(area.field, AreaCode::parse(code));
    if code.as_ref().is_some_and(|c| c.level() != area.level) {
        errors.add(area.field, "wrong_level", area.wrong_level);
    }
    let username = parse_username(&mut errors, username);
    let password = parse_password(&mut errors, "password", password);
    let (code, username, password) = errors.finish(|| Some((code?, username?, password?)))?;
    if areas::find(conn, code.as_str())?.is_none() {
        let input = super::areas::AreaInput {
            code: code.as_str().to_string(),
            name: name.to_string(),
            parent_code: None,
            urban_rural: None,
            latitude: None,
            longitude: None,
        };
        super::areas::create(conn, call, &input)?;
    }
    let mut row = new_user(call, username, format!("{name}管理员"), hash(&password)?, area.role);
    row.area_code = Some(code.as_str().to_string());
    insert_account(conn, call, &row, "account.bootstrap")
}
