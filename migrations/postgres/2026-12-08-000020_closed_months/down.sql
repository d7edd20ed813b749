DROP INDEX elder_status_changes_recorded;
DROP INDEX elder_fact_changes_recorded;
DROP INDEX visits_rejected_at;
DROP INDEX visits_accepted_at;
ALTER TABLE visits DROP COLUMN rejected_at;
ALTER TABLE visits DROP COLUMN accepted_at;
DROP TABLE closed_month_areas;
DROP TABLE closed_month_elders;
DROP TABLE closed_months;
