-- Twin of SQLite Ledger 0030: finished agent runs with their transcripts (a JSON array of entries, bounded per run by
-- the writer and per store by keeping the newest runs).
CREATE TABLE agent_runs (
    store_id         text    NOT NULL REFERENCES ledger_stores(store_id) ON DELETE CASCADE,
    id               text    NOT NULL,
    agent_id         text    NOT NULL,
    agent_name       text    NOT NULL,
    generation       bigint  NOT NULL,
    bead_id          text,
    started_at       bigint  NOT NULL,
    ended_at         bigint  NOT NULL,
    exit_code        integer,
    entry_count      integer NOT NULL,
    dropped_entries  integer NOT NULL,
    transcript_bytes bigint  NOT NULL,
    transcript       text    NOT NULL,
    PRIMARY KEY (store_id, id)
);
CREATE INDEX agent_runs_bead ON agent_runs(store_id, bead_id, started_at);
CREATE INDEX agent_runs_ended ON agent_runs(store_id, ended_at);
