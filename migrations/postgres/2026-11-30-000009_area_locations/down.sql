ALTER TABLE areas DROP COLUMN longitude;
ALTER TABLE areas DROP COLUMN latitude;
