//! Who may do what, and over which part of the data (DOMAIN.md §1).
//!
//! Every account holds one [`Role`] at one place: a node of the administrative tree (staff; a
//! visitor's home village), a school (school admins), or an elder (family). The role decides
//! the [`Permission`]s; the place decides the [`Scope`] that the data layer applies to every
//! query. Both are computed here, purely, from the [`Actor`].

use super::area::{AreaCode, AreaLevel};
use super::id::{AccountId, ElderId, SchoolId};
use super::text_enum;

text_enum! {
    /// 角色 — an account's role.
    pub enum Role {
        CityAdmin => ("city_admin", "市级管理员"),
        DistrictAdmin => ("district_admin", "区民政局管理员"),
        TownOrganizer => ("town_organizer", "镇街组织者"),
        VillageStaff => ("village_staff", "村(居)工作人员"),
        Visitor => ("visitor", "探访人员"),
        SchoolAdmin => ("school_admin", "学校管理员"),
        Family => ("family", "家属/紧急联系人"),
    }
}

text_enum! {
    /// 探访人员类型 — kinds of visitor that rules distinguish.
    pub enum VisitorKind {
        Volunteer => ("volunteer", "志愿者"),
        Student => ("student", "在校学生"),
        SeniorVolunteer => ("senior_volunteer", "低龄健康老年人"),
        Professional => ("professional", "专业人员（社工/家庭医生/第三方机构）"),
    }
}

text_enum! {
    /// 账号状态
    pub enum AccountStatus {
        Pending => ("pending", "待审核"),
        Active => ("active", "已启用"),
        Disabled => ("disabled", "已停用"),
    }
}

/// Things an actor may do. Where an operation touches data, the [`Scope`] limits it further.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// See elder files (masked) in scope.
    ReadElders,
    /// See health and disability details of elder files in scope.
    ReadHealth,
    /// Register and edit elder files, change their status, record reviews.
    WriteElders,
    /// 导入 — bring an office's elder sheet in (new files; updating registered ones also needs
    /// [`Permission::WriteElders`]). Decision: the district admin may, since a district's
    /// sheet is brought in when it switches to Tanfang (docs/operations.md), though it does
    /// not edit files one by one.
    ImportElders,
    /// Read an identity or phone number in full (with a reason; audited).
    Unmask,
    /// Add or rename towns and villages below one's node.
    ManageAreas,
    /// Create staff accounts below one's node.
    CreateStaff,
    /// Approve visitors whose home village is in scope.
    ApproveVisitors,
    /// Register one's school's students.
    RegisterStudents,
    /// Read the audit log of one's scope.
    ReadAudit,
    /// Revoke other accounts' sessions in scope.
    RevokeSessions,
    /// See an elder's visit history as family (where the elder agreed).
    ViewAsFamily,
    /// Generate visit slots, assign them to visitors, mark those that need a professional.
    PlanVisits,
    /// Claim and release visit slots in one's own area, keep one's visitor profile.
    ClaimSlots,
    /// Record visits (as the visitor, or entering a visit for an elder in scope).
    RecordVisits,
    /// 审核 — accept, reject or send back visit records in scope.
    ReviewRecords,
    /// Own and work risk cases and referrals in scope.
    HandleCases,
    /// 抽查 — draw and check a random sample of the district's records.
    SpotCheck,
    /// 捐赠池发放 — grant the district pool's time-bank hours to key elders in scope.
    GrantHours,
    /// 代老人兑换 — spend a key elder's care hours on a service given to the elder.
    SpendElderHours,
    /// 汇总数字 — read the districts' figures in scope (rates, counts, hours credited), never
    /// a person's data: the city's districts side by side, a district its own row.
    ReadFigures,
    /// 培训、表彰、评价 — record training sessions held, commendations and evaluations of the
    /// visitors in scope, and read them (民政部令第67号: the office that organised records).
    RecordTraining,
}

impl Role {
    /// The permissions a role grants (before scope).
    pub fn permits(self, permission: Permission) -> bool {
        use Permission::*;
        match self {
            // Decision: the city reads figures and nothing else. Elder files, records, cases,
            // accounts and the audit log below it need a district (or lower) role, held on a
            // separate account: an account holds one role (DOMAIN.md §1).
            Role::CityAdmin => matches!(permission, ReadFigures),
            Role::DistrictAdmin => matches!(
                permission,
                ReadElders
                    | ReadHealth
                    | ImportElders
                    | Unmask
                    | ManageAreas
                    | CreateStaff
                    | ApproveVisitors
                    | ReadAudit
                    | RevokeSessions
                    | PlanVisits
                    | SpotCheck
                    | GrantHours
                    | ReadFigures
            ),
            Role::TownOrganizer => matches!(
                permission,
                ReadElders
                    | ReadHealth
                    | WriteElders
                    | ImportElders
                    | Unmask
                    | ManageAreas
                    | CreateStaff
                    | ApproveVisitors
                    | ReadAudit
                    | RevokeSessions
                    | PlanVisits
                    | RecordVisits
                    | ReviewRecords
                    | HandleCases
                    | SpendElderHours
                    | RecordTraining
            ),
            Role::VillageStaff => {
                matches!(
                    permission,
                    ReadElders
                        | ReadHealth
                        | WriteElders
                        | ImportElders
                        | Unmask
                        | RecordVisits
                        | HandleCases
                        | SpendElderHours
                        | RecordTraining
                )
            }
            Role::Visitor => matches!(permission, ClaimSlots | RecordVisits),
            Role::SchoolAdmin => matches!(permission, RegisterStudents),
            Role::Family => matches!(permission, ViewAsFamily),
        }
    }

    /// The tree level a role is held at, when it is held in the tree.
    pub fn area_level(self) -> Option<AreaLevel> {
        match self {
            Role::CityAdmin => Some(AreaLevel::City),
            Role::DistrictAdmin => Some(AreaLevel::District),
            Role::TownOrganizer => Some(AreaLevel::Town),
            Role::VillageStaff | Role::Visitor => Some(AreaLevel::Village),
            Role::SchoolAdmin | Role::Family => None,
        }
    }

    /// Roles that a holder of `self` may create accounts for. Decision: nobody creates a city
    /// admin but the server's own command (`tanfang bootstrap-city`), and a city admin creates
    /// no account: one that could make district admins could give itself the elder files.
    pub fn may_create(self, other: Role) -> bool {
        match self {
            Role::DistrictAdmin => matches!(
                other,
                Role::DistrictAdmin | Role::TownOrganizer | Role::VillageStaff | Role::SchoolAdmin | Role::Family
            ),
            Role::TownOrganizer => matches!(other, Role::VillageStaff | Role::Family),
            _ => false,
        }
    }
}

/// The part of the data an actor reaches. The data layer applies it to every query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Command-line tools on the server (migrations, demo): everything.
    System,
    /// A node of the administrative tree and everything below it.
    Area(AreaCode),
    /// One school's own accounts (its admins and students).
    School(SchoolId),
    /// One elder, as family, where the elder agreed to share.
    Family { elder_id: ElderId },
    /// Nothing.
    Nothing,
}

impl Scope {
    /// Whether an object located at `code` (a village, town or district) lies in scope.
    pub fn contains_area(&self, code: &AreaCode) -> bool {
        match self {
            Scope::System => true,
            Scope::Area(node) => node.contains(code),
            Scope::School(_) | Scope::Family { .. } | Scope::Nothing => false,
        }
    }
}

/// Where a visitor account claims visit slots: the town of its home village (a student
/// registered at a town- or district-level school: that area).
pub fn visitor_claim_area(home: &AreaCode) -> AreaCode {
    match home.level() {
        AreaLevel::Village => home.parent().unwrap_or_else(|| home.clone()),
        _ => home.clone(),
    }
}

/// Who is acting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// `None` for anonymous callers and the system.
    pub user_id: Option<AccountId>,
    /// `None` for anonymous callers and the system.
    pub role: Option<Role>,
    pub area: Option<AreaCode>,
    pub school_id: Option<SchoolId>,
    pub elder_id: Option<ElderId>,
    pub status: AccountStatus,
    /// What the audit log and histories record as the actor.
    pub label: String,
    system: bool,
}

/// Who recorded an entry, as a person reads it: the system's own entries (labelled
/// `system:…`) as 系统, an account's (`user:…`) as its username.
pub fn recorder(label: &str) -> &str {
    if label.starts_with("system:") {
        "系统"
    } else {
        label.strip_prefix("user:").unwrap_or(label)
    }
}

impl Actor {
    pub fn anonymous() -> Actor {
        Actor {
            user_id: None,
            role: None,
            area: None,
            school_id: None,
            elder_id: None,
            status: AccountStatus::Active,
            label: "anonymous".to_string(),
            system: false,
        }
    }

    /// A command-line tool on the server (`tanfang demo`): full scope.
    pub fn system(label: &str) -> Actor {
        Actor {
            label: format!("system:{label}"),
            system: true,
            ..Actor::anonymous()
        }
    }

    /// A signed-in account.
    pub fn account(
        user_id: &AccountId,
        username: &str,
        role: Role,
        area: Option<AreaCode>,
        school_id: Option<SchoolId>,
        elder_id: Option<ElderId>,
        status: AccountStatus,
    ) -> Actor {
        Actor {
            user_id: Some(user_id.clone()),
            role: Some(role),
            area,
            school_id,
            elder_id,
            status,
            label: format!("user:{username}"),
            system: false,
        }
    }

    pub fn is_system(&self) -> bool {
        self.system
    }

    pub fn is_signed_in(&self) -> bool {
        self.user_id.is_some()
    }

    /// Whether the actor may do `permission` at all. Pending and disabled accounts may do
    /// nothing but look at themselves.
    pub fn can(&self, permission: Permission) -> bool {
        self.system || (self.status == AccountStatus::Active && self.role.is_some_and(|r| r.permits(permission)))
    }

    /// The scope of elder files and other tree-located data for `permission`.
    pub fn scope_for(&self, permission: Permission) -> Scope {
        if self.system {
            return Scope::System;
        }
        if !self.can(permission) {
            return Scope::Nothing;
        }
        match (self.role, &self.area, &self.school_id, &self.elder_id) {
            (Some(Role::Family), _, _, Some(elder)) => Scope::Family {
                elder_id: elder.clone(),
            },
            (Some(Role::SchoolAdmin), _, Some(school), _) => Scope::School(school.clone()),
            (
                Some(Role::CityAdmin | Role::DistrictAdmin | Role::TownOrganizer | Role::VillageStaff),
                Some(area),
                _,
                _,
            ) => Scope::Area(area.clone()),
            (Some(Role::Visitor), Some(area), _, _) => Scope::Area(visitor_claim_area(area)),
            _ => Scope::Nothing,
        }
    }

    /// The area under which the actor administers accounts and the tree.
    pub fn admin_area(&self) -> Option<&AreaCode> {
        self.area.as_ref()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn area(code: &str) -> AreaCode {
        AreaCode::parse(code).unwrap()
    }

    fn actor(role: Role, place: &str, status: AccountStatus) -> Actor {
        let (area_code, school, elder) = match role {
            Role::SchoolAdmin => (None, Some(SchoolId::from(place)), None),
            Role::Family => (None, None, Some(ElderId::from(place))),
            _ => (Some(area(place)), None, None),
        };
        Actor::account(
            &AccountId::from("u1"),
            "someone",
            role,
            area_code,
            school,
            elder,
            status,
        )
    }

    #[test]
    fn staff_scopes_are_their_node_and_below() {
        let organizer = actor(Role::TownOrganizer, "500112001", AccountStatus::Active);
        let scope = organizer.scope_for(Permission::ReadElders);
        assert!(scope.contains_area(&area("500112001007")));
        assert!(!scope.contains_area(&area("500112002007")));
        assert!(!scope.contains_area(&area("500112")));
    }

    #[test]
    fn only_active_accounts_with_the_permission_get_a_scope() {
        let pending = actor(Role::VillageStaff, "500112001001", AccountStatus::Pending);
        assert_eq!(pending.scope_for(Permission::ReadElders), Scope::Nothing);
        let visitor = actor(Role::Visitor, "500112001001", AccountStatus::Active);
        assert_eq!(visitor.scope_for(Permission::ReadElders), Scope::Nothing);
        let admin = actor(Role::DistrictAdmin, "500112", AccountStatus::Active);
        assert_eq!(
            admin.scope_for(Permission::WriteElders),
            Scope::Nothing,
            "the bureau checks, it does not edit"
        );
        assert_eq!(Actor::anonymous().scope_for(Permission::ReadElders), Scope::Nothing);
        assert_eq!(Actor::system("demo").scope_for(Permission::WriteElders), Scope::System);
    }

    #[test]
    fn family_and_schools_never_reach_the_tree() {
        let family = actor(Role::Family, "elder-1", AccountStatus::Active);
        assert_eq!(family.scope_for(Permission::ReadElders), Scope::Nothing);
        assert_eq!(
            family.scope_for(Permission::ViewAsFamily),
            Scope::Family {
                elder_id: "elder-1".into()
            }
        );
        let school = actor(Role::SchoolAdmin, "school-1", AccountStatus::Active);
        assert_eq!(
            school.scope_for(Permission::RegisterStudents),
            Scope::School("school-1".into())
        );
        assert!(!Scope::School("school-1".into()).contains_area(&area("500112")));
    }

    #[test]
    fn a_city_admin_reads_its_districts_figures_and_no_file() {
        let city = actor(Role::CityAdmin, "4407", AccountStatus::Active);
        let figures = city.scope_for(Permission::ReadFigures);
        assert!(figures.contains_area(&area("440703")));
        assert!(figures.contains_area(&area("440781")));
        assert!(!figures.contains_area(&area("330212")));
        for permission in [
            Permission::ReadElders,
            Permission::ReadHealth,
            Permission::Unmask,
            Permission::HandleCases,
            Permission::ReviewRecords,
            Permission::RecordVisits,
            Permission::CreateStaff,
            Permission::ReadAudit,
            Permission::ManageAreas,
        ] {
            assert_eq!(city.scope_for(permission), Scope::Nothing, "{permission:?}");
        }
        let district = actor(Role::DistrictAdmin, "440703", AccountStatus::Active);
        assert!(!district
            .scope_for(Permission::ReadFigures)
            .contains_area(&area("440781")));
        assert!(!Role::CityAdmin.may_create(Role::DistrictAdmin));
        assert!(!Role::DistrictAdmin.may_create(Role::CityAdmin));
    }

    #[test]
    fn account_creation_only_goes_downward() {
        assert!(Role::DistrictAdmin.may_create(Role::TownOrganizer));
        assert!(Role::TownOrganizer.may_create(Role::VillageStaff));
        assert!(!Role::TownOrganizer.may_create(Role::DistrictAdmin));
        assert!(!Role::VillageStaff.may_create(Role::VillageStaff));
        assert!(!Role::Visitor.may_create(Role::Visitor));
    }
}
