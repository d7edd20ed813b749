-- 时间银行 and 志愿服务计学分 ([ledgers]): one double-entry ledger. Accounts carry their posted
-- totals, updated in the transaction that inserts each transfer; transfers are never updated
-- or deleted (a mistake is corrected by a reversal that names the original).
CREATE TABLE ledger_accounts (
    id TEXT PRIMARY KEY NOT NULL,
    book TEXT NOT NULL,
    kind TEXT NOT NULL,
    district_code TEXT NOT NULL,
    user_id TEXT REFERENCES users (id),
    school_id TEXT REFERENCES schools (id),
    term TEXT,
    -- debits must not exceed credits (holders, the donation pool)
    no_overdraft BOOLEAN NOT NULL,
    debits_posted BIGINT NOT NULL,
    credits_posted BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX ledger_accounts_user ON ledger_accounts (user_id);
CREATE INDEX ledger_accounts_school ON ledger_accounts (school_id, term);

CREATE TABLE ledger_transfers (
    id TEXT PRIMARY KEY NOT NULL,
    debit_account_id TEXT NOT NULL REFERENCES ledger_accounts (id),
    credit_account_id TEXT NOT NULL REFERENCES ledger_accounts (id),
    amount_minutes BIGINT NOT NULL,
    kind TEXT NOT NULL,
    record_id TEXT,
    reverses_id TEXT UNIQUE REFERENCES ledger_transfers (id),
    memo TEXT,
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX ledger_transfers_debit ON ledger_transfers (debit_account_id, created_at);
CREATE INDEX ledger_transfers_credit ON ledger_transfers (credit_account_id, created_at);
CREATE INDEX ledger_transfers_record ON ledger_transfers (record_id);
