ALTER TABLE elder_codes DROP COLUMN visit_on;
ALTER TABLE visit_records DROP COLUMN elder_confirmed_at;
ALTER TABLE visit_records DROP COLUMN elder_confirmation;
