-- 培训、表彰、评价 (issue #20 part 4): what goes onto a volunteer's record besides service
-- (民政部令第67号). Recorded by the town or village office that held or gave it.

-- 培训 — a training session a town or village office held.
CREATE TABLE training_sessions (
    id TEXT PRIMARY KEY NOT NULL,
    -- The organiser: the town or village whose office held it.
    area_code TEXT NOT NULL REFERENCES areas (code),
    topic TEXT NOT NULL,
    held_on DATE NOT NULL,
    minutes INTEGER NOT NULL,
    place TEXT NOT NULL,
    note TEXT,
    -- Who entered it (their label, as audit entries name actors).
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX training_sessions_area ON training_sessions (area_code, held_on);

-- Who attended a session (visitor accounts).
CREATE TABLE training_attendees (
    session_id TEXT NOT NULL REFERENCES training_sessions (id),
    visitor_id TEXT NOT NULL REFERENCES users (id),
    PRIMARY KEY (session_id, visitor_id)
);
CREATE INDEX training_attendees_visitor ON training_attendees (visitor_id);

-- 表彰 — a commendation of one volunteer by an office.
CREATE TABLE commendations (
    id TEXT PRIMARY KEY NOT NULL,
    visitor_id TEXT NOT NULL REFERENCES users (id),
    area_code TEXT NOT NULL REFERENCES areas (code),
    title TEXT NOT NULL,
    awarded_on DATE NOT NULL,
    reason TEXT,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX commendations_visitor ON commendations (visitor_id);

-- 评价 — an office's evaluation of one volunteer for a year or half-year; one per office
-- and period.
CREATE TABLE evaluations (
    id TEXT PRIMARY KEY NOT NULL,
    visitor_id TEXT NOT NULL REFERENCES users (id),
    area_code TEXT NOT NULL REFERENCES areas (code),
    -- 2026, 2026-H1 or 2026-H2.
    period TEXT NOT NULL,
    grade TEXT NOT NULL,
    comment TEXT,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX evaluations_once ON evaluations (visitor_id, area_code, period);
