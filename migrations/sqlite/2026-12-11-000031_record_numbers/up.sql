-- 记录编号: a visit record's human number, per district and year of its first submission
-- (Beijing time), e.g. 2026-000123 — the district's 123rd record submitted in 2026. Given once,
-- when the record is first stored (a record sent back and resubmitted keeps it; a rejected one
-- keeps it too, so a number is never given twice). Existing records are numbered in the order
-- they were submitted.
ALTER TABLE visit_records ADD COLUMN record_no TEXT NOT NULL DEFAULT '';
UPDATE visit_records SET record_no = numbered.no
FROM (
    SELECT id,
           strftime('%Y', submitted_at, '+8 hours') || '-' || printf('%06d', ROW_NUMBER() OVER (
               PARTITION BY substr(village_code, 1, 6), strftime('%Y', submitted_at, '+8 hours')
               ORDER BY submitted_at, id)) AS no
    FROM visit_records
) AS numbered
WHERE visit_records.id = numbered.id;
CREATE UNIQUE INDEX visit_records_record_no ON visit_records (substr(village_code, 1, 6), record_no);
