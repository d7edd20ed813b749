-- 志愿服务计学分认定: the school's rule (minutes per credit) and one certification per student
-- account and term, with its certificate (民发〔2015〕149号 志愿服务记录证明).
ALTER TABLE schools ADD COLUMN minutes_per_credit INTEGER NOT NULL DEFAULT 1200;

CREATE TABLE service_certifications (
    id TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL UNIQUE REFERENCES ledger_accounts (id),
    school_id TEXT NOT NULL REFERENCES schools (id),
    student_id TEXT NOT NULL REFERENCES users (id),
    term TEXT NOT NULL,
    recorded_minutes BIGINT NOT NULL,
    certified_minutes BIGINT NOT NULL,
    decision TEXT NOT NULL,
    comment TEXT,
    credit_tenths BIGINT NOT NULL,
    certificate_no TEXT UNIQUE,
    certified_by TEXT NOT NULL REFERENCES users (id),
    certified_at TIMESTAMP NOT NULL
);
CREATE INDEX service_certifications_school ON service_certifications (school_id, term);
