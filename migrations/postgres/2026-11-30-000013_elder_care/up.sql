-- 重点老人关爱账户 and 服务记录 ([ledgers]): the district's donation pool grants time-bank hours
-- to key elders, each into a care account of the elder's own; hours redeemed for care (by a
-- holder of 60 or more, or spent from an elder's care account) are recorded as the service
-- given, which credits its provider. Only floor accounts (holders, elders' care accounts, the
-- pool) keep running totals; issuing and redemption accounts are counter accounts whose
-- totals are the sums of their transfers.
ALTER TABLE ledger_accounts ADD COLUMN elder_id TEXT REFERENCES elders (id);
CREATE INDEX ledger_accounts_elder ON ledger_accounts (elder_id);

CREATE TABLE care_services (
    -- the redemption that paid for it
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
CREATE INDEX care_services_provider ON care_services (provider_id, created_at);
CREATE INDEX care_services_account ON care_services (account_id, created_at);
