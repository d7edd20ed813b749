-- 服务记录 beyond visits (issue #20): care given freely (理发, 洗衣, 送餐, …) is recorded as a
-- redemption's care is, in the same table. A row is no longer always a redemption: the
-- redemption that paid for it moves to its own column (NULL: given freely, and then no
-- account pays), and a row keeps the kind of care when it is one of the listed kinds, when it
-- was given, and how the elder confirmed it. SQLite cannot drop a column's REFERENCES: the
-- table is rebuilt.
CREATE TABLE care_services_new (
    id TEXT PRIMARY KEY NOT NULL,
    redemption_id TEXT UNIQUE REFERENCES ledger_transfers (id),
    account_id TEXT REFERENCES ledger_accounts (id),
    recipient_user_id TEXT REFERENCES users (id),
    elder_id TEXT REFERENCES elders (id),
    provider_id TEXT REFERENCES users (id),
    service TEXT NOT NULL,
    kind TEXT,
    minutes BIGINT NOT NULL,
    given_at TIMESTAMP,
    elder_confirmation TEXT,
    recorded_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
INSERT INTO care_services_new (id, redemption_id, account_id, recipient_user_id, elder_id, provider_id,
                               service, kind, minutes, given_at, elder_confirmation, recorded_by, created_at)
SELECT id, id, account_id, recipient_user_id, elder_id, provider_id, service, NULL, minutes, NULL, NULL,
       recorded_by, created_at
FROM care_services;
DROP TABLE care_services;
ALTER TABLE care_services_new RENAME TO care_services;
CREATE INDEX care_services_provider ON care_services (provider_id, created_at);
CREATE INDEX care_services_account ON care_services (account_id, created_at);
CREATE INDEX care_services_elder ON care_services (elder_id, given_at);
