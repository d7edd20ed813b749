-- 日历订阅: a visitor's secret iCalendar feed of their claimed visits. The URL holds a random
-- token; only its SHA-256 (lowercase hex) is stored, so the URL is shown once when created or
-- renewed. One feed per account: renewing replaces the hash (the old URL stops working),
-- revoking deletes the row. The audit log keeps who renewed and revoked when.
CREATE TABLE calendar_feeds (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users (id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);
