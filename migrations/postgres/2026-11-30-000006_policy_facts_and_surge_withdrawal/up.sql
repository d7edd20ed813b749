-- The pack-condition facts derived from the elder file (api/src/domain/policy/facts.rs),
-- written with the file in the same statement so that coverage never decrypts or re-parses a
-- file. Stored as "<version>:<code>,<code>"; rows of another version (or '' before this
-- migration) are recomputed from the file when the server starts.
ALTER TABLE elders ADD COLUMN policy_facts TEXT NOT NULL DEFAULT '';
-- A declared surge can be withdrawn (it then counts for nothing), never deleted.
ALTER TABLE surges ADD COLUMN withdrawn_at TIMESTAMP;
ALTER TABLE surges ADD COLUMN withdrawn_by TEXT;
ALTER TABLE surges ADD COLUMN withdrawal_reason TEXT;
-- Coverage reads these columns of every elder of an area, and the month's accepted visits of
-- an area: both become index-only range scans.
CREATE INDEX elders_policy ON elders (village_code, id, birth_date, policy_facts, risk_assessed_on,
    service_status, service_status_since);
CREATE INDEX visits_window ON visits (visited_at, village_code, elder_id, mode, status);
