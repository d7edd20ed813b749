-- The centre of a village or community (WGS 84 degrees), optional: the planner measures
-- travel from a visitor to an elder's village with it, and "open slots near me" sorts by it.
ALTER TABLE areas ADD COLUMN latitude DOUBLE PRECISION;
ALTER TABLE areas ADD COLUMN longitude DOUBLE PRECISION;
