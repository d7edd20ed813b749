DROP TABLE visit_slots;
DROP TABLE visitor_profiles;
