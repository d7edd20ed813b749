-- 加密探访: an event (extreme weather, disaster, public health, family change, festival)
-- declared for an area and a window, adding an extra requirement for some tiers.
CREATE TABLE surges (
    id TEXT PRIMARY KEY NOT NULL,
    district_code TEXT COLLATE "C" NOT NULL REFERENCES areas (code),
    area_code TEXT COLLATE "C" NOT NULL REFERENCES areas (code),
    kind TEXT NOT NULL,
    label TEXT NOT NULL,
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    tiers TEXT NOT NULL,
    count INTEGER NOT NULL,
    modes TEXT NOT NULL,
    declared_by TEXT NOT NULL,
    declared_at TIMESTAMP NOT NULL
);
CREATE INDEX surges_district ON surges (district_code, ends_on);
