DROP TABLE elder_changes;
DROP TABLE elder_reviews;
DROP TABLE elder_status_changes;
DROP TABLE elder_emergency_contacts;
DROP TABLE elder_family_members;
DROP TABLE elder_categories;
DROP TABLE elders;
DROP TABLE areas;
