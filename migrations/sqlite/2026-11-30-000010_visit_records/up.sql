-- 探访记录 ([records]): visit records in the shared format, their photos, review, fraud
-- signals, risk cases with follow-ups and referrals, the notification outbox and spot checks.

-- 巡访照片 and signature images, stored content-addressed on disk; this row is the metadata.
CREATE TABLE photos (
    sha256 TEXT PRIMARY KEY NOT NULL,
    content_type TEXT NOT NULL,
    byte_size INTEGER NOT NULL,
    uploaded_by TEXT NOT NULL REFERENCES users (id),
    uploaded_at TIMESTAMP NOT NULL
);

-- A record being written: kept as the visitor typed it (encrypted), keyed by the client's id.
CREATE TABLE record_drafts (
    submission_id TEXT PRIMARY KEY NOT NULL,
    author_id TEXT NOT NULL REFERENCES users (id),
    elder_id TEXT NOT NULL REFERENCES elders (id) ON DELETE CASCADE,
    slot_id TEXT,
    body_enc TEXT NOT NULL,
    version INTEGER NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX record_drafts_author ON record_drafts (author_id, updated_at);

-- One submitted visit record. Its id is also the id of its row in `visits`, whose status
-- follows the review (only accepted visits count for compliance). The body is the record in
-- the shared format, encrypted; the columns beside it are what lists and checks need.
CREATE TABLE visit_records (
    id TEXT PRIMARY KEY NOT NULL,
    submission_id TEXT NOT NULL UNIQUE,
    elder_id TEXT NOT NULL REFERENCES elders (id) ON DELETE CASCADE,
    village_code TEXT NOT NULL REFERENCES areas (code),
    slot_id TEXT REFERENCES visit_slots (id),
    visitor_id TEXT NOT NULL REFERENCES users (id),
    submitted_by TEXT NOT NULL REFERENCES users (id),
    visit_no INTEGER NOT NULL,
    started_at TIMESTAMP NOT NULL,
    ended_at TIMESTAMP NOT NULL,
    mode TEXT NOT NULL,
    status TEXT NOT NULL,
    body_enc TEXT NOT NULL,
    body_sha256 TEXT NOT NULL,
    review_comment TEXT,
    reviewed_by TEXT REFERENCES users (id),
    reviewed_at TIMESTAMP,
    submitted_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX visit_records_elder ON visit_records (elder_id, started_at);
CREATE INDEX visit_records_visitor ON visit_records (visitor_id, started_at);
CREATE INDEX visit_records_village ON visit_records (village_code, status, started_at);

CREATE TABLE record_photos (
    record_id TEXT NOT NULL REFERENCES visit_records (id) ON DELETE CASCADE,
    sha256 TEXT NOT NULL REFERENCES photos (sha256),
    PRIMARY KEY (record_id, sha256)
);
CREATE INDEX record_photos_sha256 ON record_photos (sha256);

-- 异常提示: raised when a record is submitted; shown to the reviewer and the spot checker.
CREATE TABLE record_signals (
    id TEXT PRIMARY KEY NOT NULL,
    record_id TEXT NOT NULL REFERENCES visit_records (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL,
    other_record_id TEXT,
    raised_at TIMESTAMP NOT NULL
);
CREATE INDEX record_signals_record ON record_signals (record_id);

-- 口述确认码: a code sent to the elder that they read out to the visitor (hashed here).
CREATE TABLE elder_codes (
    id TEXT PRIMARY KEY NOT NULL,
    elder_id TEXT NOT NULL REFERENCES elders (id) ON DELETE CASCADE,
    visitor_id TEXT NOT NULL REFERENCES users (id),
    code_hash TEXT NOT NULL,
    issued_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_by_record TEXT
);
CREATE INDEX elder_codes_elder ON elder_codes (elder_id, visitor_id, expires_at);

-- 风险个案: one per major risk found, followed up (跟踪回访) until closed.
CREATE TABLE risk_cases (
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
CREATE INDEX risk_cases_village ON risk_cases (village_code, status, due_at);
CREATE INDEX risk_cases_elder ON risk_cases (elder_id, kind, status);
CREATE INDEX risk_cases_owner ON risk_cases (owner_id, status);

-- 跟踪回访: later records of the elder, linked to the open cases they follow up.
CREATE TABLE case_follow_ups (
    case_id TEXT NOT NULL REFERENCES risk_cases (id) ON DELETE CASCADE,
    record_id TEXT NOT NULL REFERENCES visit_records (id) ON DELETE CASCADE,
    linked_at TIMESTAMP NOT NULL,
    PRIMARY KEY (case_id, record_id)
);

-- 转介: a referral to another service, with its own status.
CREATE TABLE referrals (
    id TEXT PRIMARY KEY NOT NULL,
    elder_id TEXT NOT NULL REFERENCES elders (id) ON DELETE CASCADE,
    village_code TEXT NOT NULL REFERENCES areas (code),
    case_id TEXT REFERENCES risk_cases (id),
    record_id TEXT REFERENCES visit_records (id),
    target TEXT NOT NULL,
    detail TEXT NOT NULL,
    urgent BOOLEAN NOT NULL,
    status TEXT NOT NULL,
    status_note TEXT,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_by TEXT NOT NULL REFERENCES users (id),
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX referrals_case ON referrals (case_id);
CREATE INDEX referrals_village ON referrals (village_code, status);

-- 待发通知: notifications due, written in the transaction that made them due; a sender
-- (a later step) delivers them and sets sent_at. Texts never contain personal data.
CREATE TABLE outbox (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT REFERENCES risk_cases (id) ON DELETE CASCADE,
    channel TEXT NOT NULL,
    recipient_kind TEXT NOT NULL,
    recipient_name TEXT NOT NULL,
    recipient_enc TEXT,
    recipient_masked TEXT,
    recipient_user_id TEXT REFERENCES users (id),
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP,
    attempts INTEGER NOT NULL
);
CREATE INDEX outbox_unsent ON outbox (sent_at, created_at);
CREATE INDEX outbox_case ON outbox (case_id);

-- 抽查: the district admin's random sample of a month's records, per visitor, and the outcome.
CREATE TABLE spot_checks (
    id TEXT PRIMARY KEY NOT NULL,
    district_code TEXT NOT NULL,
    month TEXT NOT NULL,
    record_id TEXT NOT NULL REFERENCES visit_records (id) ON DELETE CASCADE,
    visitor_id TEXT NOT NULL REFERENCES users (id),
    drawn_by TEXT NOT NULL REFERENCES users (id),
    drawn_at TIMESTAMP NOT NULL,
    outcome TEXT,
    note TEXT,
    checked_by TEXT REFERENCES users (id),
    checked_at TIMESTAMP,
    UNIQUE (month, record_id)
);
CREATE INDEX spot_checks_month ON spot_checks (district_code, month);
