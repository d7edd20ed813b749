-- Which policy pack each district runs, from which day. Rows are never changed: a new choice
-- is a new row, so compliance for a past period can use the pack in force then.
CREATE TABLE district_policies (
    id TEXT PRIMARY KEY NOT NULL,
    district_code TEXT NOT NULL REFERENCES areas (code),
    pack_id TEXT NOT NULL,
    effective_from DATE NOT NULL,
    note TEXT,
    chosen_by TEXT NOT NULL,
    chosen_at TIMESTAMP NOT NULL
);
CREATE INDEX district_policies_district ON district_policies (district_code, effective_from);
