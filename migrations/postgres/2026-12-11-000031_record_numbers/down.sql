DROP INDEX visit_records_record_no;
ALTER TABLE visit_records DROP COLUMN record_no;
