//! 基准 — the benchmarks behind `tanfang bench …` (docs/benchmarks.md), built with the `bench`
//! feature (on by default; `--no-default-features` builds the server without them):
//!
//! - [`mod@coverage`]: monthly coverage through GraphQL against one plain SQL aggregate;
//! - [`export`]: the yubei 台帐 written by our layout vs rust_xlsxwriter directly;
//! - [`ledger`]: ledger postings against plain INSERTs, and balance reads;
//! - [`mod@import`]: importing a 200,000-row 台帐 against calamine plus plain INSERTs, and its
//!   peak memory;
//! - [`plan`]: the exact visit planner on a synthetic instance (`scripts/bench-plan.sh`
//!   compares it with OR-tools).

pub mod coverage;
pub mod export;
pub mod import;
pub mod ledger;
pub mod plan;

pub use coverage::{coverage, CoverageBench};
