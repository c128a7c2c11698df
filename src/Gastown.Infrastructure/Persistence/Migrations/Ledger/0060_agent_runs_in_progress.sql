-- A run's transcript is written while the run goes on (issue 24), not only at its end: a run still in flight (or cut off
-- by a crash of the server) is a row with in_progress = 1, its ended_at the time of its last write and no exit code.
ALTER TABLE agent_runs ADD COLUMN in_progress INTEGER NOT NULL DEFAULT 0;
