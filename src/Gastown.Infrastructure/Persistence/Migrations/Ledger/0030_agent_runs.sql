-- Finished agent runs with their transcripts (issue 24): one row per run, the transcript a JSON array of its entries,
-- bounded per run by the writer (oldest entries dropped, counted in dropped_entries) and per store (newest runs kept).
CREATE TABLE agent_runs (
    id               TEXT    NOT NULL PRIMARY KEY,
    agent_id         TEXT    NOT NULL,
    agent_name       TEXT    NOT NULL,
    generation       INTEGER NOT NULL,
    bead_id          TEXT,
    started_at       INTEGER NOT NULL,
    ended_at         INTEGER NOT NULL,
    exit_code        INTEGER,
    entry_count      INTEGER NOT NULL,
    dropped_entries  INTEGER NOT NULL,
    transcript_bytes INTEGER NOT NULL,
    transcript       TEXT    NOT NULL
);
CREATE INDEX agent_runs_bead ON agent_runs(bead_id, started_at);
CREATE INDEX agent_runs_ended ON agent_runs(ended_at);
