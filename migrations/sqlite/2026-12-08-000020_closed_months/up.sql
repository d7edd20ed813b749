-- 已关账月份 (DOMAIN.md §7): a district's month, closed when its reporting deadline passed
-- (or at once by a district admin), with what it reported: per elder and per area. Rows are
-- never updated: later changes are shown beside them as corrections.
CREATE TABLE closed_months (
    district_code TEXT NOT NULL,
    month TEXT NOT NULL,
    pack_id TEXT NOT NULL,
    -- The moment the figures are as known at: the deadline, or when the admin closed it.
    known_at TIMESTAMP NOT NULL,
    -- 'deadline' or 'admin'.
    closed_how TEXT NOT NULL,
    closed_by TEXT NOT NULL,
    closed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (district_code, month)
);
CREATE TABLE closed_month_elders (
    district_code TEXT NOT NULL,
    month TEXT NOT NULL,
    elder_id TEXT NOT NULL REFERENCES elders (id),
    village_code TEXT NOT NULL,
    in_rate BOOLEAN NOT NULL,
    met BOOLEAN NOT NULL,
    overdue BOOLEAN NOT NULL,
    contacted BOOLEAN NOT NULL,
    PRIMARY KEY (district_code, month, elder_id),
    FOREIGN KEY (district_code, month) REFERENCES closed_months (district_code, month)
);
CREATE TABLE closed_month_areas (
    district_code TEXT NOT NULL,
    month TEXT NOT NULL,
    area_code TEXT NOT NULL,
    elders INTEGER NOT NULL,
    met INTEGER NOT NULL,
    due INTEGER NOT NULL,
    overdue INTEGER NOT NULL,
    contacted INTEGER NOT NULL,
    PRIMARY KEY (district_code, month, area_code),
    FOREIGN KEY (district_code, month) REFERENCES closed_months (district_code, month)
);
-- When a visit's record was accepted and, after that, rejected: a closed month counts the
-- visits accepted by its deadline and not rejected by then.
ALTER TABLE visits ADD COLUMN accepted_at TIMESTAMP;
ALTER TABLE visits ADD COLUMN rejected_at TIMESTAMP;
UPDATE visits SET accepted_at = COALESCE(
    (SELECT r.reviewed_at FROM visit_records r WHERE r.id = visits.id), entered_at)
    WHERE status = 'accepted';
-- What changed after a deadline, found by when it was recorded.
CREATE INDEX visits_accepted_at ON visits (accepted_at);
CREATE INDEX visits_rejected_at ON visits (rejected_at);
CREATE INDEX elder_fact_changes_recorded ON elder_fact_changes (recorded_at);
CREATE INDEX elder_status_changes_recorded ON elder_status_changes (recorded_at);
CREATE INDEX elders_created ON elders (created_at);
