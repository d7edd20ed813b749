//! The end-to-end tests: one binary, one module per area. Each test starts the real server on
//! its own database (SQLite, and PostgreSQL when `TANFANG_TEST_PG` is set); cargo-nextest runs
//! every test in a process of its own.

mod access;
mod bursts;
mod calendar;
mod care;
mod city;
mod co_visitors;
mod contacts;
mod demo_alarm;
mod demo_districts;
mod demo_first_look;
mod demo_history;
mod desk;
mod elders;
mod exports;
mod family;
mod figure_exports;
mod imports;
mod ledger_random;
mod ledgers;
mod loads;
mod messages;
mod no_shows;
mod notices;
mod office;
mod organisations;
mod outbox;
mod overview;
mod photos;
mod policies;
mod print;
mod proofs;
mod records;
mod scope_random;
mod service_record;
mod service_scope;
mod slots;
mod storage;
mod training;
mod trust_scope;
mod volunteers;
