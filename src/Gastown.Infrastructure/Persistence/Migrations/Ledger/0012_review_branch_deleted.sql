-- Branch hygiene: when a kept (failed or rejected) branch was deleted after its bead closed or was cancelled
-- (unix microseconds, like every time in the ledger; NULL = still kept).
ALTER TABLE review_queue ADD COLUMN branch_deleted_at INTEGER;
