-- Foundation: administrative tree and the elder file (一人一档).
-- Identity, phone and disability-certificate numbers are stored encrypted (AES-256-GCM, *_enc), with a keyed blind
-- index for exact-match search (*_index) and the masked form shown by default (*_masked).
-- Codes of the administrative tree use the C collation: "this node and below" is the
-- range [code, code || ':'), which needs ':' to sort right after '9' whatever the
-- database's default collation.
-- Portable types only (TEXT, INTEGER, BIGINT, BOOLEAN, DATE, TIMESTAMP as UTC); enums are TEXT codes.

CREATE TABLE areas (
    code TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    level TEXT NOT NULL,
    name TEXT NOT NULL,
    parent_code TEXT COLLATE "C" REFERENCES areas (code),
    urban_rural TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX areas_parent_code ON areas (parent_code);

CREATE TABLE elders (
    id TEXT PRIMARY KEY NOT NULL,
    village_code TEXT COLLATE "C" NOT NULL REFERENCES areas (code),
    name TEXT NOT NULL,
    sex TEXT NOT NULL,
    birth_date DATE NOT NULL,
    id_number_enc TEXT NOT NULL,
    id_number_index TEXT NOT NULL,
    id_number_masked TEXT NOT NULL,
    phone_enc TEXT,
    phone_masked TEXT,
    residence_address TEXT NOT NULL,
    household_village_code TEXT COLLATE "C" REFERENCES areas (code),
    household_address TEXT,
    urban_rural TEXT NOT NULL,
    ability_level TEXT NOT NULL,
    disease_history TEXT,
    has_dementia BOOLEAN NOT NULL,
    has_serious_illness BOOLEAN NOT NULL,
    disability_certificate_enc TEXT,
    disability_certificate_masked TEXT,
    disability_grade INTEGER,
    economic_status TEXT NOT NULL,
    hardship_support TEXT,
    monthly_income_yuan INTEGER,
    pension_yuan INTEGER,
    subsidies TEXT,
    living_arrangement TEXT NOT NULL,
    children_away_location TEXT,
    children_away_since DATE,
    children_planned_return DATE,
    help_received TEXT,
    risk_level TEXT,
    risk_assessed_on DATE,
    risk_assessor TEXT,
    consent TEXT NOT NULL,
    consent_note TEXT,
    consent_recorded_on DATE,
    shares_with_family BOOLEAN NOT NULL,
    service_status TEXT NOT NULL,
    service_status_since DATE NOT NULL,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX elders_id_number_index ON elders (id_number_index);
CREATE INDEX elders_village_code ON elders (village_code, id);
CREATE INDEX elders_service_status ON elders (service_status);

CREATE TABLE elder_categories (
    elder_id TEXT NOT NULL REFERENCES elders (id) ON DELETE CASCADE,
    category TEXT NOT NULL,
    PRIMARY KEY (elder_id, category)
);
CREATE INDEX elder_categories_category ON elder_categories (category, elder_id);

CREATE TABLE elder_family_members (
    id TEXT PRIMARY KEY NOT NULL,
    elder_id TEXT NOT NULL REFERENCES elders (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    relation TEXT NOT NULL,
    health TEXT,
    phone_enc TEXT,
    phone_masked TEXT,
    visits_often BOOLEAN NOT NULL,
    lives_with BOOLEAN NOT NULL
);
CREATE INDEX elder_family_members_elder ON elder_family_members (elder_id, position);

CREATE TABLE elder_emergency_contacts (
    id TEXT PRIMARY KEY NOT NULL,
    elder_id TEXT NOT NULL REFERENCES elders (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    relation TEXT NOT NULL,
    phone_enc TEXT NOT NULL,
    phone_masked TEXT NOT NULL
);
CREATE INDEX elder_emergency_contacts_elder ON elder_emergency_contacts (elder_id, position);

-- Service status history: compliance needs to know when an elder left and re-entered service.
CREATE TABLE elder_status_changes (
    id TEXT PRIMARY KEY NOT NULL,
    elder_id TEXT NOT NULL REFERENCES elders (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    effective_on DATE NOT NULL,
    note TEXT,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX elder_status_changes_elder ON elder_status_changes (elder_id, effective_on);

-- Half-yearly re-checks of the file (yubei: every half year).
CREATE TABLE elder_reviews (
    id TEXT PRIMARY KEY NOT NULL,
    elder_id TEXT NOT NULL REFERENCES elders (id) ON DELETE CASCADE,
    reviewed_on DATE NOT NULL,
    reviewer TEXT NOT NULL,
    note TEXT,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX elder_reviews_elder ON elder_reviews (elder_id, reviewed_on);

-- Who changed what, when. Sensitive values appear masked only.
CREATE TABLE elder_changes (
    id TEXT PRIMARY KEY NOT NULL,
    elder_id TEXT NOT NULL REFERENCES elders (id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    action TEXT NOT NULL,
    changes TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    changed_at TIMESTAMP NOT NULL
);
CREATE INDEX elder_changes_elder ON elder_changes (elder_id, version);
