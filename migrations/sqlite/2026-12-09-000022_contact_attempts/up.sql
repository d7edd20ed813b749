-- 联系未果 / 失联 (DOMAIN.md §8, issue #17 items 4–5).
-- This migration runs outside diesel's transaction (metadata.toml): SQLite changes a column's
-- NOT NULL only by rebuilding the table, and the rebuild must not cascade into the tables that
-- reference risk_cases (case_follow_ups, referrals, outbox), so foreign keys are off while it
-- runs, in one transaction of its own (the procedure of sqlite.org/lang_altertable.html).
PRAGMA foreign_keys = OFF;
BEGIN;

-- A lost-contact case (失联) has no record that found it: record_id becomes nullable.
CREATE TABLE risk_cases_rebuilt (
    id TEXT PRIMARY KEY NOT NULL,
    elder_id TEXT NOT NULL REFERENCES elders (id) ON DELETE CASCADE,
    village_code TEXT NOT NULL REFERENCES areas (code),
    record_id TEXT REFERENCES visit_records (id),
    kind TEXT NOT NULL,
    severity TEXT NOT NULL,
    evidence TEXT NOT NULL,
    status TEXT NOT NULL,
    owner_id TEXT REFERENCES users (id),
    opened_at TIMESTAMP NOT NULL,
    due_at TIMESTAMP NOT NULL,
    closed_at TIMESTAMP,
    closed_by TEXT REFERENCES users (id),
    closing_note TEXT,
    version INTEGER NOT NULL
);
INSERT INTO risk_cases_rebuilt (id, elder_id, village_code, record_id, kind, severity, evidence, status,
        owner_id, opened_at, due_at, closed_at, closed_by, closing_note, version)
    SELECT id, elder_id, village_code, record_id, kind, severity, evidence, status,
        owner_id, opened_at, due_at, closed_at, closed_by, closing_note, version
    FROM risk_cases;
DROP TABLE risk_cases;
ALTER TABLE risk_cases_rebuilt RENAME TO risk_cases;
CREATE INDEX risk_cases_village ON risk_cases (village_code, status, due_at);
CREATE INDEX risk_cases_elder ON risk_cases (elder_id, kind, status);
CREATE INDEX risk_cases_owner ON risk_cases (owner_id, status);

-- 联系未果: a visit that did not happen. It meets no requirement and closes no slot.
CREATE TABLE contact_attempts (
    id TEXT PRIMARY KEY NOT NULL,
    elder_id TEXT NOT NULL REFERENCES elders (id) ON DELETE CASCADE,
    village_code TEXT NOT NULL REFERENCES areas (code),
    -- The slot it was made for, if any (it stays held unless released with the attempt).
    slot_id TEXT REFERENCES visit_slots (id),
    -- Who tried (a visitor or staff).
    made_by TEXT NOT NULL REFERENCES users (id),
    attempted_at TIMESTAMP NOT NULL,
    -- 'phone', 'video' or 'in_person'.
    mode TEXT NOT NULL,
    -- 'no_answer', 'not_at_home', 'turned_away', 'wrong_number', 'in_hospital'.
    reason TEXT NOT NULL,
    note TEXT,
    released_slot BOOLEAN NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX contact_attempts_elder ON contact_attempts (elder_id, attempted_at);

-- 失联: when the elder counted as lost (NULL: not lost). Set when the pack's rule is met,
-- cleared by a stored visit record.
ALTER TABLE elders ADD COLUMN lost_since TIMESTAMP;

COMMIT;
PRAGMA foreign_keys = ON;
