-- 未到 (issue #20 part 5): a claimed slot whose window ended with neither a visit record, nor a
-- contact attempt, nor a release. Marked once per slot by the daily `no_shows` job.

-- 次数下调: a visitor's monthly capacity halved after the pack's limit of no-shows in its
-- period, until an organizer restores it. The capacity before is kept so the restore is exact.
-- At most one is in force per visitor (restored_at IS NULL).
CREATE TABLE capacity_reductions (
    id TEXT PRIMARY KEY NOT NULL,
    visitor_id TEXT NOT NULL REFERENCES users (id),
    original_capacity INTEGER NOT NULL,
    reduced_to INTEGER NOT NULL,
    -- How many no-shows, in how many days, led to it (the pack's limit and period then).
    no_shows INTEGER NOT NULL,
    period_days INTEGER NOT NULL,
    reduced_at TIMESTAMP NOT NULL,
    restored_at TIMESTAMP,
    -- The organizer who restored it (their label, as audit entries name actors).
    restored_by TEXT
);
CREATE UNIQUE INDEX capacity_reductions_in_force ON capacity_reductions (visitor_id) WHERE restored_at IS NULL;

CREATE TABLE no_shows (
    slot_id TEXT PRIMARY KEY NOT NULL REFERENCES visit_slots (id) ON DELETE CASCADE,
    visitor_id TEXT NOT NULL REFERENCES users (id),
    village_code TEXT NOT NULL REFERENCES areas (code),
    -- The last day of the slot's window (the period counts no-shows by it).
    window_to DATE NOT NULL,
    marked_at TIMESTAMP NOT NULL,
    -- The reduction this no-show counted towards (NULL: not counted in one yet), so that the
    -- no-shows that led to a reduction do not lead to another after a restore.
    reduction_id TEXT REFERENCES capacity_reductions (id)
);
CREATE INDEX no_shows_visitor ON no_shows (visitor_id, window_to);
