-- 家庭成员结构化 (issue #16, item 3): a family member's age, sex, ability, dementia and
-- disability as data, besides the free-text health note. The policy packs read these fields
-- (jiangmen-2024 B类: "60周岁以上80周岁以下的两位老年人共同居住且其中一方为失能（失智）、残疾的
-- 老年人，长期照料失能、失智子女的老年人"), never the note. Every column is nullable: NULL is
-- "not recorded", which is what every existing member says (a member whose note alone speaks
-- of 失能/失智/残疾 is listed for a check, computed on read, not stored).
-- The age is known by a birth date, or by an age in years stated on a day (age and
-- age_stated_on together), not both.
ALTER TABLE elder_family_members ADD COLUMN birth_date DATE;
ALTER TABLE elder_family_members ADD COLUMN age INTEGER;
ALTER TABLE elder_family_members ADD COLUMN age_stated_on DATE;
ALTER TABLE elder_family_members ADD COLUMN sex TEXT;
ALTER TABLE elder_family_members ADD COLUMN ability_level TEXT;
ALTER TABLE elder_family_members ADD COLUMN has_dementia BOOLEAN;
ALTER TABLE elder_family_members ADD COLUMN disability_grade INTEGER;
