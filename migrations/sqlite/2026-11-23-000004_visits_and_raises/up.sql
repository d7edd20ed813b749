-- 上调分类: an organizer's written decision to put an elder in a higher tier.
CREATE TABLE tier_raises (
    id TEXT PRIMARY KEY NOT NULL,
    elder_id TEXT NOT NULL REFERENCES elders (id) ON DELETE CASCADE,
    pack_id TEXT NOT NULL,
    tier_id TEXT NOT NULL,
    raised_on DATE NOT NULL,
    reason TEXT NOT NULL,
    raised_by TEXT NOT NULL,
    raised_at TIMESTAMP NOT NULL
);
CREATE INDEX tier_raises_elder ON tier_raises (elder_id, raised_on);

-- Visits as compliance counts them. Until the shared record format exists ([records]), an
-- organizer enters a minimal visit (elder, mode, time), accepted on entry.
CREATE TABLE visits (
    id TEXT PRIMARY KEY NOT NULL,
    elder_id TEXT NOT NULL REFERENCES elders (id) ON DELETE CASCADE,
    village_code TEXT NOT NULL REFERENCES areas (code),
    visited_at TIMESTAMP NOT NULL,
    mode TEXT NOT NULL,
    status TEXT NOT NULL,
    source TEXT NOT NULL,
    entered_by TEXT NOT NULL,
    entered_at TIMESTAMP NOT NULL
);
CREATE INDEX visits_elder ON visits (elder_id, visited_at);
CREATE INDEX visits_village ON visits (village_code, visited_at);
