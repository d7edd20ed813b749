//! The GraphQL API (the `graphql` feature): schema, request context (one database connection
//! per request), the HTTP handler with its limits, errors as GraphQL errors ([`error`]), and
//! thin resolvers that parse arguments and call [`crate::service`] — never a query of their
//! own. Per-row fields of a list are loaded for the whole page at once ([`loader`]).

pub mod account;
pub mod area;
pub mod calendar;
pub mod city;
pub mod connection;
pub mod contact;
pub mod context;
pub mod elder;
pub mod error;
pub mod handler;
pub mod ledger;
pub mod loader;
pub mod mutation;
pub mod organisation;
pub mod pairing;
pub mod policy;
pub mod query;
pub mod record;
pub mod slot;
pub mod training;

use juniper::{EmptySubscription, RootNode};

pub use context::Context;
pub use mutation::Mutation;
pub use query::Query;

pub type Schema = RootNode<Query, Mutation, EmptySubscription<Context>>;

/// Deepest selection/input nesting a document may have. The standard introspection query
/// GraphiQL sends nests 13 levels; real screens stay under 10.
pub const MAX_DEPTH: usize = 20;
/// Most fields one operation may select (fragments counted once per spread).
pub const MAX_FIELDS: usize = 2_000;
/// Most tokens one document may have.
pub const MAX_TOKENS: usize = 10_000;

pub fn schema() -> Schema {
    Schema::new(Query, Mutation, EmptySubscription::new())
        .limit_depth(MAX_DEPTH)
        .limit_fields(MAX_FIELDS)
        .limit_tokens(MAX_TOKENS)
}

/// The schema in SDL, as `tanfang schema` prints it and `docs/schema.graphql` holds it.
pub fn sdl() -> String {
    schema().as_sdl()
}
