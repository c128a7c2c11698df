-- Twin of SQLite Ledger 0015: the cluster node holding a review's worktree, where its merge runs.
ALTER TABLE review_queue ADD COLUMN node_id text;
