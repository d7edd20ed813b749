-- List columns become JSON arrays (api/src/db/json.rs): `["phone","in_person"]`, `[1,3,5]`,
-- `["2026-11-20"]` instead of comma-joined text, so that an item may hold a comma and an item
-- that does not read (an unknown mode code, a malformed date) is an error instead of being
-- skipped. The columns stay TEXT on both backends. Empty items of the old text were skipped
-- when read, and are dropped here; string items are escaped as JSON (json_quote); the weekdays
-- are numbers.
--
-- How one list is turned (SQLite has no split): leading and trailing commas are trimmed, the
-- whole text is quoted as one JSON string (json_quote escapes quotes, backslashes and control
-- characters and leaves commas alone, so every comma left is a separator), each separator
-- becomes `","`, and the empty items left between two separators (`,""`) are removed. For
-- the weekdays the quotes are then dropped. PostgreSQL's up.sql gives the same text.
UPDATE visitor_profiles SET
    weekdays = CASE WHEN trim(weekdays, ',') = '' THEN '[]' ELSE replace(replace('[' || replace(json_quote(trim(weekdays, ',')), ',', '","') || ']', ',""', ''), '"', '') END,
    unavailable_dates = CASE WHEN trim(unavailable_dates, ',') = '' THEN '[]' ELSE replace('[' || replace(json_quote(trim(unavailable_dates, ',')), ',', '","') || ']', ',""', '') END,
    skills = CASE WHEN trim(skills, ',') = '' THEN '[]' ELSE replace('[' || replace(json_quote(trim(skills, ',')), ',', '","') || ']', ',""', '') END,
    languages = CASE WHEN trim(languages, ',') = '' THEN '[]' ELSE replace('[' || replace(json_quote(trim(languages, ',')), ',', '","') || ']', ',""', '') END;
UPDATE visit_slots SET
    modes = CASE WHEN trim(modes, ',') = '' THEN '[]' ELSE replace('[' || replace(json_quote(trim(modes, ',')), ',', '","') || ']', ',""', '') END;
UPDATE surges SET
    tiers = CASE WHEN trim(tiers, ',') = '' THEN '[]' ELSE replace('[' || replace(json_quote(trim(tiers, ',')), ',', '","') || ']', ',""', '') END,
    modes = CASE WHEN trim(modes, ',') = '' THEN '[]' ELSE replace('[' || replace(json_quote(trim(modes, ',')), ',', '","') || ']', ',""', '') END;
