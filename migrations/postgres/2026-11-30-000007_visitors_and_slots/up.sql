-- 探访人员档案: what planning and claiming need to know of a visitor account.
CREATE TABLE visitor_profiles (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users (id),
    organisation_kind TEXT NOT NULL,
    organisation_name TEXT,
    home_village_code TEXT COLLATE "C" NOT NULL REFERENCES areas (code),
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    capacity_per_month INTEGER NOT NULL,
    -- ISO weekday numbers (1 = Monday) the visitor is usually free, comma-separated.
    weekdays TEXT NOT NULL,
    -- Dates the visitor is not free despite the weekdays, comma-separated (YYYY-MM-DD).
    unavailable_dates TEXT NOT NULL,
    skills TEXT NOT NULL,
    languages TEXT NOT NULL,
    sex TEXT,
    -- Set when an organizer records that the visitor dropped out; cleared when the visitor
    -- saves their profile again.
    dropped_out_on DATE,
    version INTEGER NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- 探访时段: one visit owed by an elder in a window. Generated from the compliance engine,
-- idempotently (the unique key); claimed by exactly one visitor through a conditional update.
CREATE TABLE visit_slots (
    id TEXT PRIMARY KEY NOT NULL,
    elder_id TEXT NOT NULL REFERENCES elders (id),
    village_code TEXT COLLATE "C" NOT NULL,
    month TEXT NOT NULL,
    requirement_key TEXT NOT NULL,
    seq INTEGER NOT NULL,
    label TEXT NOT NULL,
    modes TEXT NOT NULL,
    in_person BOOLEAN NOT NULL,
    needs_professional BOOLEAN NOT NULL,
    window_from DATE NOT NULL,
    window_to DATE NOT NULL,
    status TEXT NOT NULL,
    holder_id TEXT REFERENCES users (id),
    co_visitor_id TEXT REFERENCES users (id),
    claimed_at TIMESTAMP,
    assigned_by TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (elder_id, requirement_key, window_from, seq)
);
CREATE INDEX visit_slots_area ON visit_slots (village_code, window_from);
CREATE INDEX visit_slots_holder ON visit_slots (holder_id, month);
