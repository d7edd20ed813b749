-- 记录编号: a visit record's human number, per district and year of its first submission
-- (Beijing time), e.g. 2026-000123 — the district's 123rd record submitted in 2026. Given once,
-- when the record is first stored (a record sent back and resubmitted keeps it; a rejected one
-- keeps it too, so a number is never given twice). Existing records are numbered in the order
-- they were submitted.
ALTER TABLE visit_records ADD COLUMN record_no TEXT;
UPDATE visit_records SET record_no = numbered.no
FROM (
    SELECT id,
           to_char(submitted_at + interval '8 hours', 'YYYY') || '-'
               || lpad(n::text, greatest(6, length(n::text)), '0') AS no
    FROM (
        SELECT id, submitted_at, ROW_NUMBER() OVER (
                   PARTITION BY substr(village_code, 1, 6), to_char(submitted_at + interval '8 hours', 'YYYY')
                   ORDER BY submitted_at, id) AS n
        FROM visit_records
    ) AS ranked
) AS numbered
WHERE visit_records.id = numbered.id;
ALTER TABLE visit_records ALTER COLUMN record_no SET NOT NULL;
CREATE UNIQUE INDEX visit_records_record_no ON visit_records (substr(village_code, 1, 6), record_no);
