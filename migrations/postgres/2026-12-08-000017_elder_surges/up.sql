-- 单人加密探访: a surge may be declared for one elder (jiangmen-2024: "受家庭变故、突发自然灾害、
-- 突发卫生公共事件等影响的, 建议适当加大探访频次"). Such a surge binds that elder alone, whatever
-- their tier; its area_code is the elder's village on the day it was declared. NULL: a surge
-- for every elder under service in its area, as before.
ALTER TABLE surges ADD COLUMN elder_id TEXT REFERENCES elders (id);
