-- 第 N 次探访: one counted record per elder and number. The server numbers a record one past
-- the highest number among the elder's records that count (a rejected record does not, and
-- leaves its number free); this index makes two submissions racing for the same number
-- collide instead of both being stored.
CREATE UNIQUE INDEX visit_records_elder_visit_no ON visit_records (elder_id, visit_no) WHERE status <> 'rejected';
