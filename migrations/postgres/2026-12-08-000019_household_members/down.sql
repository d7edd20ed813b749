ALTER TABLE elder_family_members DROP COLUMN disability_grade;
ALTER TABLE elder_family_members DROP COLUMN has_dementia;
ALTER TABLE elder_family_members DROP COLUMN ability_level;
ALTER TABLE elder_family_members DROP COLUMN sex;
ALTER TABLE elder_family_members DROP COLUMN age_stated_on;
ALTER TABLE elder_family_members DROP COLUMN age;
ALTER TABLE elder_family_members DROP COLUMN birth_date;
