-- Back to comma-joined text (an item holding a comma reads as two items again).
UPDATE visitor_profiles SET
    weekdays = coalesce((SELECT group_concat(value, ',') FROM (SELECT value FROM json_each(visitor_profiles.weekdays) ORDER BY key)), ''),
    unavailable_dates = coalesce((SELECT group_concat(value, ',') FROM (SELECT value FROM json_each(visitor_profiles.unavailable_dates) ORDER BY key)), ''),
    skills = coalesce((SELECT group_concat(value, ',') FROM (SELECT value FROM json_each(visitor_profiles.skills) ORDER BY key)), ''),
    languages = coalesce((SELECT group_concat(value, ',') FROM (SELECT value FROM json_each(visitor_profiles.languages) ORDER BY key)), '');
UPDATE visit_slots SET
    modes = coalesce((SELECT group_concat(value, ',') FROM (SELECT value FROM json_each(visit_slots.modes) ORDER BY key)), '');
UPDATE surges SET
    tiers = coalesce((SELECT group_concat(value, ',') FROM (SELECT value FROM json_each(surges.tiers) ORDER BY key)), ''),
    modes = coalesce((SELECT group_concat(value, ',') FROM (SELECT value FROM json_each(surges.modes) ORDER BY key)), '');
