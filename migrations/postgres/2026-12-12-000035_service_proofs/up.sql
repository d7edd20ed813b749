-- 志愿服务记录证明 and 更正 (民政部令第67号《志愿服务记录与证明出具办法》, issue #20): whoever
-- organised a service records it and issues its proof (谁组织谁记录、谁记录谁证明). A proof is
-- issued by a town or village office to any visitor for the services it organised in a period,
-- numbered per office and year; what it says is kept as issued. A visitor may ask the office
-- to correct the minutes of a visit; an accepted correction is a reversal and a new posting in
-- the ledger, never an edit.
CREATE TABLE service_proofs (
    id TEXT PRIMARY KEY NOT NULL,
    issuer_area_code TEXT NOT NULL,
    year INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    visitor_id TEXT NOT NULL REFERENCES users (id),
    period_from DATE NOT NULL,
    period_to DATE NOT NULL,
    services INTEGER NOT NULL,
    minutes BIGINT NOT NULL,
    content TEXT NOT NULL,
    issued_by TEXT NOT NULL REFERENCES users (id),
    issued_at TIMESTAMP NOT NULL,
    UNIQUE (issuer_area_code, year, seq)
);
CREATE INDEX service_proofs_visitor ON service_proofs (visitor_id, issued_at);

CREATE TABLE service_corrections (
    id TEXT PRIMARY KEY NOT NULL,
    visitor_id TEXT NOT NULL REFERENCES users (id),
    record_id TEXT NOT NULL REFERENCES visit_records (id),
    area_code TEXT NOT NULL,
    recorded_minutes BIGINT NOT NULL,
    requested_minutes BIGINT NOT NULL,
    reason TEXT NOT NULL,
    status TEXT NOT NULL,
    decision_reason TEXT,
    decided_by TEXT REFERENCES users (id),
    decided_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX service_corrections_area ON service_corrections (area_code, status, created_at);
CREATE UNIQUE INDEX service_corrections_pending ON service_corrections (visitor_id, record_id) WHERE status = 'pending';
