//! Bursts: the same GraphQL call (or conflicting ones) fired all at once against the real
//! server, to show that a use case raced by its twin answers as a repeat would — never
//! `INTERNAL` — and stores its effect once.
//!
//! The calls are concurrent futures on the test's actix runtime; the server handles them on
//! its own worker threads and runs each use case on the blocking pool (8 connections on
//! SQLite, 16 on PostgreSQL), so up to that many transactions overlap.

use serde_json::Value;

use crate::{error_code, TestApp};

/// One call of a burst: who sends it (a token; empty for an anonymous call), the operation
/// and its variables.
pub struct Call<'a> {
    pub token: &'a str,
    pub query: &'a str,
    pub variables: Value,
}

/// Sends every call at once; returns the answers (`data` and `errors`) in the calls' order.
/// Fails the test if any answer is `INTERNAL` or `UNAVAILABLE`: a race must be answered.
pub async fn burst(app: &TestApp, calls: &[Call<'_>]) -> Vec<Value> {
    let answers = futures::future::join_all(calls.iter().map(|call| async move {
        let client = if call.token.is_empty() {
            app.anon()
        } else {
            app.with(call.token)
        };
        client.graphql(call.query, call.variables.clone()).await
    }))
    .await;
    for answer in &answers {
        let code = error_code(answer);
        assert!(
            !matches!(code.as_deref(), Some("INTERNAL" | "UNAVAILABLE")),
            "a call of the burst was not answered: {answer:#}"
        );
    }
    answers
}

/// Sends `n` identical calls at once (see [`burst`]).
pub async fn burst_same(app: &TestApp, n: usize, token: &str, query: &str, variables: Value) -> Vec<Value> {
    let calls: Vec<Call<'_>> = (0..n)
        .map(|_| Call {
            token,
            query,
            variables: variables.clone(),
        })
        .collect();
    burst(app, &calls).await
}

/// The answers' `extensions.code`s, `"OK"` for an answer without errors, sorted (to compare
/// a burst's outcome as a multiset).
pub fn outcomes(answers: &[Value]) -> Vec<String> {
    let mut codes: Vec<String> = answers
        .iter()
        .map(|a| error_code(a).unwrap_or_else(|| "OK".to_string()))
        .collect();
    codes.sort();
    codes
}

/// The answers that succeeded (their `data`).
pub fn succeeded(answers: &[Value]) -> Vec<Value> {
    answers
        .iter()
        .filter(|a| a.get("errors").is_none())
        .map(|a| a["data"].clone())
        .collect()
}
