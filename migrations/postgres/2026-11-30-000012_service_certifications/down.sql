DROP TABLE service_certifications;
ALTER TABLE schools DROP COLUMN minutes_per_credit;
