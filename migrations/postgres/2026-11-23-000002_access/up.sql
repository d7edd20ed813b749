-- Access: accounts, sessions (refresh tokens stored as hashes), login throttling, audit log.

CREATE TABLE schools (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    area_code TEXT COLLATE "C" NOT NULL REFERENCES areas (code),
    created_at TIMESTAMP NOT NULL
);

-- One role per account, held at a node of the administrative tree (staff; a visitor's home
-- village), a school (school admins, students), or an elder (family).
CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL,
    username TEXT NOT NULL,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    area_code TEXT COLLATE "C" REFERENCES areas (code),
    school_id TEXT REFERENCES schools (id),
    elder_id TEXT REFERENCES elders (id),
    visitor_kind TEXT,
    status TEXT NOT NULL,
    id_number_enc TEXT,
    id_number_index TEXT,
    id_number_masked TEXT,
    phone_enc TEXT,
    phone_masked TEXT,
    birth_date DATE,
    is_minor BOOLEAN NOT NULL,
    guardian_name TEXT,
    guardian_relation TEXT,
    guardian_phone_enc TEXT,
    guardian_consent_on DATE,
    approved_by TEXT,
    approved_at TIMESTAMP,
    created_by TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX users_username ON users (username);
CREATE UNIQUE INDEX users_id_number_index ON users (id_number_index);
CREATE INDEX users_area_code ON users (area_code);
CREATE INDEX users_school_id ON users (school_id);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    refresh_hash TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    client_addr TEXT
);
CREATE UNIQUE INDEX sessions_refresh_hash ON sessions (refresh_hash);
CREATE INDEX sessions_user_id ON sessions (user_id);

-- Failed logins per account name and per client address (the key says which).
CREATE TABLE login_throttle (
    throttle_key TEXT PRIMARY KEY NOT NULL,
    failures INTEGER NOT NULL,
    first_failure_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP
);

-- Every mutation and every unmasked read. Sensitive values appear masked only.
CREATE TABLE audit_log (
    id TEXT PRIMARY KEY NOT NULL,
    at TIMESTAMP NOT NULL,
    actor_id TEXT,
    actor_role TEXT NOT NULL,
    action TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id TEXT,
    area_code TEXT COLLATE "C",
    reason TEXT,
    before_json TEXT,
    after_json TEXT
);
CREATE INDEX audit_log_area_code ON audit_log (area_code, at);
CREATE INDEX audit_log_at ON audit_log (at);
