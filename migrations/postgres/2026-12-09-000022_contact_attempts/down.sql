ALTER TABLE elders DROP COLUMN lost_since;
DROP TABLE contact_attempts;
-- Cases without a record (失联) cannot be kept under NOT NULL: they go, with their outbox rows
-- and follow-up links (ON DELETE CASCADE); referrals keep no link to them.
UPDATE referrals SET case_id = NULL WHERE case_id IN (SELECT id FROM risk_cases WHERE record_id IS NULL);
DELETE FROM risk_cases WHERE record_id IS NULL;
ALTER TABLE risk_cases ALTER COLUMN record_id SET NOT NULL;
