-- List columns become JSON arrays (api/src/db/json.rs): `["phone","in_person"]`, `[1,3,5]`,
-- `["2026-11-20"]` instead of comma-joined text, so that an item may hold a comma and an item
-- that does not read (an unknown mode code, a malformed date) is an error instead of being
-- skipped. The columns stay TEXT on both backends. Empty items of the old text were skipped
-- when read, and are dropped here; string items are escaped as JSON (to_json); the weekdays
-- are numbers.
UPDATE visitor_profiles SET
    weekdays = replace(to_json(array_remove(string_to_array(weekdays, ','), ''))::text, '"', ''),
    unavailable_dates = to_json(array_remove(string_to_array(unavailable_dates, ','), ''))::text,
    skills = to_json(array_remove(string_to_array(skills, ','), ''))::text,
    languages = to_json(array_remove(string_to_array(languages, ','), ''))::text;
UPDATE visit_slots SET
    modes = to_json(array_remove(string_to_array(modes, ','), ''))::text;
UPDATE surges SET
    tiers = to_json(array_remove(string_to_array(tiers, ','), ''))::text,
    modes = to_json(array_remove(string_to_array(modes, ','), ''))::text;
