//! Tanfang (探访): visiting care for elders with special difficulties.
//!
//! Layers, outside in: [`startup`] (the HTTP server) → [`graphql`] (thin resolvers) and
//! [`http`] (plain endpoints for files: photo upload and download, printed visit records,
//! certificates), both reading the shared [`state`] → [`service`] (one use case, one
//! transaction) → [`domain`] (pure rules) and [`db`] (queries). [`error`] is the one mapping
//! of errors to what a caller is told. With the `bench` feature (on by default), [`mod@bench`]
//! holds the benchmarks behind `tanfang bench …`. The `graphql` feature (on by default, and
//! needed by `bench` and the binary) brings [`graphql`], [`startup`] and the juniper derives on
//! domain and service types; without it the domain, services and storage build without juniper.

// Server paths index only where the index is in range by construction, each such place saying
// why (the workspace lints cannot be mixed with per-crate entries, so this one is set here).
#![warn(clippy::indexing_slicing)]

pub mod auth;
#[cfg(feature = "bench")]
pub mod bench;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod error;
#[cfg(feature = "graphql")]
pub mod graphql;
pub mod http;
pub mod notify;
pub mod service;
#[cfg(feature = "graphql")]
pub mod startup;
pub mod state;
pub mod templates;
