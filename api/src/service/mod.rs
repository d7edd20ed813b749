//! Use cases: one function per thing a user does, one transaction each. Resolvers call these;
//! these call the pure domain rules and the database queries.

pub mod areas;
pub mod elders;
