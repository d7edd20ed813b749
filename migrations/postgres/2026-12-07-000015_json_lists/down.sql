-- Back to comma-joined text (an item holding a comma reads as two items again).
UPDATE visitor_profiles SET
    weekdays = array_to_string(ARRAY(SELECT item FROM json_array_elements_text(weekdays::json) WITH ORDINALITY AS i (item, n) ORDER BY n), ','),
    unavailable_dates = array_to_string(ARRAY(SELECT item FROM json_array_elements_text(unavailable_dates::json) WITH ORDINALITY AS i (item, n) ORDER BY n), ','),
    skills = array_to_string(ARRAY(SELECT item FROM json_array_elements_text(skills::json) WITH ORDINALITY AS i (item, n) ORDER BY n), ','),
    languages = array_to_string(ARRAY(SELECT item FROM json_array_elements_text(languages::json) WITH ORDINALITY AS i (item, n) ORDER BY n), ',');
UPDATE visit_slots SET
    modes = array_to_string(ARRAY(SELECT item FROM json_array_elements_text(modes::json) WITH ORDINALITY AS i (item, n) ORDER BY n), ',');
UPDATE surges SET
    tiers = array_to_string(ARRAY(SELECT item FROM json_array_elements_text(tiers::json) WITH ORDINALITY AS i (item, n) ORDER BY n), ','),
    modes = array_to_string(ARRAY(SELECT item FROM json_array_elements_text(modes::json) WITH ORDINALITY AS i (item, n) ORDER BY n), ',');
