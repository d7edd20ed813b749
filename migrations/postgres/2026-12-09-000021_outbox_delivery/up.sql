-- The outbox is sent (issue #17 [reach]): each row is one message of a kind, rendered from
-- its template when the event that causes it is written; a worker takes due rows under a
-- lease, sends them, and marks them sent, retries them later, or dead-letters them.
ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'case_opened';
ALTER TABLE outbox ALTER COLUMN kind DROP DEFAULT;
UPDATE outbox SET kind = CASE WHEN case_id IS NULL THEN 'elder_code' ELSE 'case_opened' END;
-- The SMS template's parameters (JSON object of strings); NULL for mail and in-app rows.
ALTER TABLE outbox ADD COLUMN params TEXT;
ALTER TABLE outbox ADD COLUMN subject TEXT;
ALTER TABLE outbox ADD COLUMN html_body TEXT;
ALTER TABLE outbox ADD COLUMN attachment_name TEXT;
ALTER TABLE outbox ADD COLUMN attachment TEXT;
-- The body holds a secret (a confirmation code) that is blanked once sent.
ALTER TABLE outbox ADD COLUMN secret BOOLEAN NOT NULL DEFAULT FALSE;
-- When the row is next due; NULL for in-app rows, which no transport sends.
ALTER TABLE outbox ADD COLUMN due_at TIMESTAMP;
UPDATE outbox SET due_at = created_at WHERE channel <> 'in_app' AND sent_at IS NULL;
ALTER TABLE outbox ADD COLUMN leased_until TIMESTAMP;
ALTER TABLE outbox ADD COLUMN last_error TEXT;
ALTER TABLE outbox ADD COLUMN dead_at TIMESTAMP;
-- The area the message is about (a case's village, a receiver's area): whose admins see it
-- when it cannot be sent.
ALTER TABLE outbox ADD COLUMN area_code TEXT;
UPDATE outbox SET area_code = (SELECT village_code FROM risk_cases WHERE risk_cases.id = outbox.case_id);
-- One message per key (a reminder per claim, a digest per week and receiver).
ALTER TABLE outbox ADD COLUMN dedupe_key TEXT;
DROP INDEX outbox_unsent;
CREATE INDEX outbox_due ON outbox (due_at) WHERE sent_at IS NULL AND dead_at IS NULL AND due_at IS NOT NULL;
CREATE INDEX outbox_dead ON outbox (area_code, dead_at) WHERE dead_at IS NOT NULL;
CREATE UNIQUE INDEX outbox_dedupe ON outbox (dedupe_key) WHERE dedupe_key IS NOT NULL;

-- Staff and visitors may leave an email address (encrypted, masked like phones) and a language.
ALTER TABLE users ADD COLUMN email_enc TEXT;
ALTER TABLE users ADD COLUMN email_masked TEXT;
ALTER TABLE users ADD COLUMN locale TEXT;

-- 通知设置: the kinds of message a person has switched off (risk alarms cannot be).
CREATE TABLE notification_opt_outs (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    opted_out_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, kind)
);

-- Periodic jobs (reminders, digests, statements, the daily lost-contact sweep) run once per
-- period across replicas: the first worker to insert the period's row runs it.
CREATE TABLE job_runs (
    job TEXT NOT NULL,
    period TEXT NOT NULL,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    outcome TEXT,
    PRIMARY KEY (job, period)
);
