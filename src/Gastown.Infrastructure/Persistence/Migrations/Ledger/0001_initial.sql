-- A ledger store: one per rig and one per town HQ (the Durable-Object state).
-- Ids are lowercase UUID text; enum values are their lowercase words; times are microseconds since the Unix epoch.

-- The store's own identity (store_id, kind, town_id, …) and its alarm's due time.
CREATE TABLE kv (
    key    TEXT PRIMARY KEY,
    value  TEXT
) WITHOUT ROWID;

CREATE TABLE beads (
    id                        TEXT PRIMARY KEY,
    type                      TEXT NOT NULL,
    status                    TEXT NOT NULL,
    title                     TEXT NOT NULL,
    body                      TEXT,
    priority                  TEXT NOT NULL,
    assignee_agent_id         TEXT,
    labels                    TEXT NOT NULL,   -- JSON array
    metadata                  TEXT NOT NULL,   -- JSON object
    dispatch_attempts         INTEGER NOT NULL DEFAULT 0,
    last_dispatch_attempt_at  INTEGER,
    escalated_at              INTEGER,
    created_at                INTEGER NOT NULL,
    updated_at                INTEGER NOT NULL,
    closed_at                 INTEGER
);
CREATE INDEX beads_newest ON beads(created_at DESC, id DESC);
CREATE INDEX beads_by_status_newest ON beads(status, created_at DESC, id DESC);

CREATE TABLE agents (
    id                TEXT PRIMARY KEY,
    role              TEXT NOT NULL,
    name              TEXT NOT NULL,
    identity          TEXT NOT NULL UNIQUE,
    status            TEXT NOT NULL,
    hooked_bead_id    TEXT,
    generation        INTEGER NOT NULL DEFAULT 0,
    process_id        INTEGER,
    last_activity_at  INTEGER,
    restart_count     INTEGER NOT NULL DEFAULT 0,
    checkpoint        TEXT,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
);

CREATE TABLE mail (
    id            TEXT PRIMARY KEY,
    from_address  TEXT NOT NULL,
    to_agent_id   TEXT NOT NULL,
    subject       TEXT NOT NULL,
    body          TEXT NOT NULL,
    delivered     INTEGER NOT NULL DEFAULT 0,
    delivered_at  INTEGER,
    created_at    INTEGER NOT NULL
);
CREATE INDEX mail_inbox ON mail(to_agent_id, delivered, created_at);

CREATE TABLE review_queue (
    id            TEXT PRIMARY KEY,
    agent_id      TEXT NOT NULL,
    bead_id       TEXT NOT NULL,
    branch        TEXT NOT NULL,
    summary       TEXT,
    status        TEXT NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    merge_commit  TEXT,
    message       TEXT,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX review_queue_by_status ON review_queue(status, created_at);

-- Append-only: every state change of every bead.
CREATE TABLE bead_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    bead_id     TEXT NOT NULL,
    agent_id    TEXT,
    type        TEXT NOT NULL,
    old_value   TEXT,
    new_value   TEXT,
    metadata    TEXT NOT NULL,   -- JSON object
    created_at  INTEGER NOT NULL
);
CREATE INDEX bead_events_by_bead ON bead_events(bead_id, id);
