DELETE FROM care_services WHERE redemption_id IS NULL;
DROP INDEX care_services_elder;
ALTER TABLE care_services DROP COLUMN elder_confirmation;
ALTER TABLE care_services DROP COLUMN given_at;
ALTER TABLE care_services DROP COLUMN kind;
ALTER TABLE care_services ALTER COLUMN account_id SET NOT NULL;
ALTER TABLE care_services DROP COLUMN redemption_id;
ALTER TABLE care_services ADD CONSTRAINT care_services_id_fkey FOREIGN KEY (id) REFERENCES ledger_transfers (id);
