-- 事实变更 (DOMAIN.md §7): every change of what the packs read of a file (the fields of
-- FactInputs in api/src/domain/policy/history.rs) takes effect on a date. Rows are never
-- updated or deleted: the facts on a day, and the facts as known at a moment, are replayed
-- from them. `changes` is a JSON object of the fields set (all of them in a file's first
-- change). Existing files get their first change when the server starts, from the stored
-- file, taking effect on the day the elder entered service (`facts_since` below).
CREATE TABLE elder_fact_changes (
    id TEXT PRIMARY KEY NOT NULL,
    elder_id TEXT NOT NULL REFERENCES elders (id),
    effective_from DATE NOT NULL,
    changes TEXT NOT NULL,
    reason TEXT,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX elder_fact_changes_elder ON elder_fact_changes (elder_id, effective_from);
-- The day the latest-taking-effect change takes effect, and when the latest change was
-- recorded: coverage replays the changes only of elders whose facts changed inside the
-- window it reads (or, for a closed month, after it was reported).
ALTER TABLE elders ADD COLUMN facts_since DATE NOT NULL DEFAULT '1900-01-01';
ALTER TABLE elders ADD COLUMN facts_recorded_at TIMESTAMP NOT NULL DEFAULT '1900-01-01 00:00:00';
-- The stored facts of the span before the latest ('' when there is none) and the day it took
-- effect: with them, an elder whose facts changed once inside the window needs no replay.
ALTER TABLE elders ADD COLUMN facts_before TEXT NOT NULL DEFAULT '';
ALTER TABLE elders ADD COLUMN facts_before_since DATE;
UPDATE elders SET
    facts_since = COALESCE(
        (SELECT MIN(s.effective_on) FROM elder_status_changes s WHERE s.elder_id = elders.id),
        service_status_since),
    facts_recorded_at = created_at;
DROP INDEX elders_policy;
CREATE INDEX elders_policy ON elders (village_code, id, birth_date, policy_facts, risk_assessed_on,
    service_status, service_status_since, facts_since, facts_recorded_at, facts_before, facts_before_since);
