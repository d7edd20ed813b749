-- 服务记录 beyond visits (issue #20): care given freely (理发, 洗衣, 送餐, …) is recorded as a
-- redemption's care is, in the same table. A row is no longer always a redemption: the
-- redemption that paid for it moves to its own column (NULL: given freely, and then no
-- account pays), and a row keeps the kind of care when it is one of the listed kinds, when it
-- was given, and how the elder confirmed it.
ALTER TABLE care_services DROP CONSTRAINT care_services_id_fkey;
ALTER TABLE care_services ADD COLUMN redemption_id TEXT UNIQUE REFERENCES ledger_transfers (id);
UPDATE care_services SET redemption_id = id;
ALTER TABLE care_services ALTER COLUMN account_id DROP NOT NULL;
ALTER TABLE care_services ADD COLUMN kind TEXT;
ALTER TABLE care_services ADD COLUMN given_at TIMESTAMP;
ALTER TABLE care_services ADD COLUMN elder_confirmation TEXT;
CREATE INDEX care_services_elder ON care_services (elder_id, given_at);
