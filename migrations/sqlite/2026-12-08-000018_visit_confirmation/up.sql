-- 老人确认: a record keeps how and when the elder confirmed the visit besides the visit's own
-- time (a past visit may be confirmed days later), in columns so that a list of records shows
-- it without decrypting bodies. A statement (signed_paper 签字纸质表, confirmed_by_phone
-- 电话确认) is what the staff member entering a paper record said. Rows stored before this
-- migration are filled in from their bodies when the server starts.
ALTER TABLE visit_records ADD COLUMN elder_confirmation TEXT;
ALTER TABLE visit_records ADD COLUMN elder_confirmed_at TIMESTAMP;
-- 补确认: a code issued for a past visit names that visit's day (in the district); NULL is a
-- code for the visit under way.
ALTER TABLE elder_codes ADD COLUMN visit_on DATE;
