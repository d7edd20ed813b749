DROP INDEX elders_policy;
CREATE INDEX elders_policy ON elders (village_code, id, birth_date, policy_facts, risk_assessed_on,
    service_status, service_status_since);
ALTER TABLE elders DROP COLUMN facts_before_since;
ALTER TABLE elders DROP COLUMN facts_before;
ALTER TABLE elders DROP COLUMN facts_recorded_at;
ALTER TABLE elders DROP COLUMN facts_since;
DROP TABLE elder_fact_changes;
