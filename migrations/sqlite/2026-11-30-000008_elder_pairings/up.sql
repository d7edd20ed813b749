-- 结对联系人: the person responsible for an elder (village staff by default), whose name and
-- phone the elder and family are given in writing. One current pairing per elder; the audit
-- log keeps the earlier ones.
CREATE TABLE elder_pairings (
    elder_id TEXT PRIMARY KEY NOT NULL REFERENCES elders (id),
    contact_user_id TEXT NOT NULL REFERENCES users (id),
    note TEXT,
    paired_by TEXT NOT NULL,
    paired_at TIMESTAMP NOT NULL
);
