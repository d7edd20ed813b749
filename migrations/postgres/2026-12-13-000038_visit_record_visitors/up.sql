-- 同行人员 in the volunteer service record (issue #20, 民政部令第67号): who made each visit — the
-- record's visitor (co = false) and each co-visitor (co = true) — so that a co-visitor's
-- service record, proofs, the volunteers' overview and a provider's contract statement count
-- the visits they went along on. Written with the record, in the same transaction: the
-- people the record names (visitor, coVisitors) and the claimed slot's co-visitor
-- (visit_slots.co_visitor_id; decision: the adult named to go along went along); written
-- again from the record when it is accepted.
CREATE TABLE visit_record_visitors (
    record_id TEXT NOT NULL REFERENCES visit_records (id),
    visitor_id TEXT NOT NULL REFERENCES users (id),
    co BOOLEAN NOT NULL,
    PRIMARY KEY (record_id, visitor_id)
);
CREATE INDEX visit_record_visitors_visitor ON visit_record_visitors (visitor_id, record_id);

-- Backfill of the records stored before. The record body is encrypted, so SQL reads three
-- other sources: the record's visitor; the co-visitor of the slot the record was made for;
-- and every account holder the ledger credited for the record (postings and corrections
-- name the record; a reversal credits the issuing account, which has no holder).
-- What it cannot recover: a co-visitor named only in the body of a record accepted before
-- this migration who was not credited in the ledger (their kind earns in no book, a staff
-- member, or their year's cap sent the whole visit to the donation pool). A record not yet
-- accepted is written again from its body when it is accepted, so its co-visitors are kept.
INSERT INTO visit_record_visitors (record_id, visitor_id, co)
SELECT id, visitor_id, FALSE FROM visit_records;

INSERT INTO visit_record_visitors (record_id, visitor_id, co)
SELECT DISTINCT r.id, s.co_visitor_id, TRUE
FROM visit_records r
JOIN visit_slots s ON s.id = r.slot_id
WHERE s.co_visitor_id IS NOT NULL AND s.co_visitor_id <> r.visitor_id;

INSERT INTO visit_record_visitors (record_id, visitor_id, co)
SELECT DISTINCT t.record_id, a.user_id, TRUE
FROM ledger_transfers t
JOIN ledger_accounts a ON a.id = t.credit_account_id
JOIN visit_records r ON r.id = t.record_id
WHERE a.user_id IS NOT NULL
  AND NOT EXISTS (
    SELECT 1 FROM visit_record_visitors v WHERE v.record_id = t.record_id AND v.visitor_id = a.user_id
  );
