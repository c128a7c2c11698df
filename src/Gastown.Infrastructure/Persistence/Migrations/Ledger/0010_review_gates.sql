-- Review before merge: the request-changes rounds of a bead; the gate results (JSON), the default-branch commit they
-- were run against, and the latest feedback of a review entry.
ALTER TABLE beads ADD COLUMN review_rounds INTEGER NOT NULL DEFAULT 0;
ALTER TABLE review_queue ADD COLUMN gates TEXT;
ALTER TABLE review_queue ADD COLUMN base_commit TEXT;
ALTER TABLE review_queue ADD COLUMN feedback TEXT;
