DROP TABLE care_services;
DROP INDEX ledger_accounts_elder;
ALTER TABLE ledger_accounts DROP COLUMN elder_id;
