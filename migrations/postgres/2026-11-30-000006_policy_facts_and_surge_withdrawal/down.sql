DROP INDEX visits_window;
DROP INDEX elders_policy;
ALTER TABLE surges DROP COLUMN withdrawal_reason;
ALTER TABLE surges DROP COLUMN withdrawn_by;
ALTER TABLE surges DROP COLUMN withdrawn_at;
ALTER TABLE elders DROP COLUMN policy_facts;
