//! 数据范围 — the one place where an actor's [`Scope`] becomes SQL. Every query on elder files,
//! accounts and the audit log starts from one of these functions, so a resolver that forgets a
//! check still cannot reach outside its caller's scope.

use diesel::prelude::*;

use super::schema::{audit_log, elders, users};
use super::MultiBackend;
use crate::domain::access::Scope;
use crate::domain::area::AreaCode;

pub type BoxedElders = elders::BoxedQuery<'static, MultiBackend>;
pub type BoxedUsers = users::BoxedQuery<'static, MultiBackend>;
pub type BoxedAudit = audit_log::BoxedQuery<'static, MultiBackend>;

/// The code range of `area`'s subtree if the whole area lies in `scope`, for tables keyed by
/// village code (visits): the same elders [`elders_in`] gives for that area, since an area
/// scope is a subtree. `None` (nothing) for any other scope.
pub fn area_range(scope: &Scope, area: &AreaCode) -> Option<(String, String)> {
    match scope {
        Scope::System | Scope::Area(_) if scope.contains_area(area) => Some(area.subtree_range()),
        _ => None,
    }
}

/// Elder files in scope: a subtree of the administrative tree, or the one elder a family
/// account belongs to when that elder agreed to share.
pub fn elders_in(scope: &Scope) -> BoxedElders {
    let query = elders::table.into_boxed();
    match scope {
        Scope::System => query,
        Scope::Area(code) => {
            let (low, high) = code.subtree_range();
            query
                .filter(elders::village_code.ge(low))
                .filter(elders::village_code.lt(high))
        }
        Scope::Family { elder_id } => query
            .filter(elders::id.eq(elder_id.clone()))
            .filter(elders::shares_with_family.eq(true)),
        Scope::School(_) | Scope::Nothing => query.filter(elders::id.is_null()),
    }
}

/// Accounts in scope: those held in a subtree, or one school's accounts.
pub fn users_in(scope: &Scope) -> BoxedUsers {
    let query = users::table.into_boxed();
    match scope {
        Scope::System => query,
        Scope::Area(code) => {
            let (low, high) = code.subtree_range();
            query.filter(users::area_code.ge(low)).filter(users::area_code.lt(high))
        }
        Scope::School(school) => query.filter(users::school_id.eq(school.clone())),
        Scope::Family { .. } | Scope::Nothing => query.filter(users::id.is_null()),
    }
}

/// Audit entries about objects in a subtree.
pub fn audit_in(scope: &Scope) -> BoxedAudit {
    let query = audit_log::table.into_boxed();
    match scope {
        Scope::System => query,
        Scope::Area(code) => {
            let (low, high) = code.subtree_range();
            query
                .filter(audit_log::area_code.ge(low))
                .filter(audit_log::area_code.lt(high))
        }
        Scope::School(_) | Scope::Family { .. } | Scope::Nothing => query.filter(audit_log::id.is_null()),
    }
}
