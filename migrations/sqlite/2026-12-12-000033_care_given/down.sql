DELETE FROM care_services WHERE redemption_id IS NULL;
CREATE TABLE care_services_old (
    id TEXT PRIMARY KEY NOT NULL REFERENCES ledger_transfers (id),
    account_id TEXT NOT NULL REFERENCES ledger_accounts (id),
    recipient_user_id TEXT REFERENCES users (id),
    elder_id TEXT REFERENCES elders (id),
    provider_id TEXT REFERENCES users (id),
    service TEXT NOT NULL,
    minutes BIGINT NOT NULL,
    recorded_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
INSERT INTO care_services_old
SELECT redemption_id, account_id, recipient_user_id, elder_id, provider_id, service, minutes, recorded_by, created_at
FROM care_services;
DROP TABLE care_services;
ALTER TABLE care_services_old RENAME TO care_services;
CREATE INDEX care_services_provider ON care_services (provider_id, created_at);
CREATE INDEX care_services_account ON care_services (account_id, created_at);
