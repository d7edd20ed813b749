ALTER TABLE surges DROP COLUMN elder_id;
