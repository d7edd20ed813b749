PRAGMA foreign_keys = OFF;
BEGIN;
ALTER TABLE elders DROP COLUMN lost_since;
DROP TABLE contact_attempts;
-- Cases without a record (失联) cannot be kept under NOT NULL: they go, with their outbox rows,
-- follow-up links and referral links.
DELETE FROM outbox WHERE case_id IN (SELECT id FROM risk_cases WHERE record_id IS NULL);
DELETE FROM case_follow_ups WHERE case_id IN (SELECT id FROM risk_cases WHERE record_id IS NULL);
UPDATE referrals SET case_id = NULL WHERE case_id IN (SELECT id FROM risk_cases WHERE record_id IS NULL);
CREATE TABLE risk_cases_rebuilt (
    id TEXT PRIMARY KEY NOT NULL,
    elder_id TEXT NOT NULL REFERENCES elders (id) ON DELETE CASCADE,
    village_code TEXT NOT NULL REFERENCES areas (code),
    record_id TEXT NOT NULL REFERENCES visit_records (id),
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
    FROM risk_cases WHERE record_id IS NOT NULL;
DROP TABLE risk_cases;
ALTER TABLE risk_cases_rebuilt RENAME TO risk_cases;
CREATE INDEX risk_cases_village ON risk_cases (village_code, status, due_at);
CREATE INDEX risk_cases_elder ON risk_cases (elder_id, kind, status);
CREATE INDEX risk_cases_owner ON risk_cases (owner_id, status);
COMMIT;
PRAGMA foreign_keys = ON;
