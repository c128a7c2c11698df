-- Twin of SQLite Ledger 0060: a run in flight (or cut off by a crash) is a row with in_progress = 1, its ended_at the
-- time of its last write and no exit code.
ALTER TABLE agent_runs ADD COLUMN in_progress integer NOT NULL DEFAULT 0;
