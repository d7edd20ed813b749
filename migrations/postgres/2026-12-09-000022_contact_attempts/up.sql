-- 联系未果 / 失联 (DOMAIN.md §8, issue #17 items 4–5).

-- A lost-contact case (失联) has no record that found it: record_id becomes nullable.
ALTER TABLE risk_cases ALTER COLUMN record_id DROP NOT NULL;

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
