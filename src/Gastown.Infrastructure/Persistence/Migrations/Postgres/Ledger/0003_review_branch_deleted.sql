-- Twin of SQLite Ledger 0012: when a kept (failed or rejected) branch was deleted after its bead closed.
ALTER TABLE review_queue ADD COLUMN branch_deleted_at bigint;
