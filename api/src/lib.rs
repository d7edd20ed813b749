//! Tanfang (探访): visiting care for elders with special difficulties.
//!
//! Layers, outside in: [`startup`] (HTTP) → [`graphql`] (thin resolvers) and [`http`] (photo
//! upload and download) → [`service`] (one use case, one transaction) → [`domain`] (pure rules)
//! and [`db`] (queries).

pub mod auth;
pub mod bench;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod error;
pub mod graphql;
pub mod http;
pub mod ledger_bench;
pub mod plan_bench;
pub mod service;
pub mod startup;
