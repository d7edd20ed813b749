-- The city level (市, 4-digit GB/T 2260 codes) above the districts, and the city admin role
-- (city_admin). Both are text values of existing columns (areas.level, users.role); a city's
-- districts are found by code range within one level, which this index serves.
CREATE INDEX areas_level_code ON areas (level, code);
