-- Convoys (issue 23, decision 0025): a town's planned feature, its tracked beads and its feed events. The beads
-- themselves stay in their rigs' ledgers (with convoy_id); membership is here because a convoy spans rigs.
CREATE TABLE convoys (
    id          TEXT PRIMARY KEY,
    town_id     TEXT NOT NULL,
    title       TEXT NOT NULL,
    mode        TEXT NOT NULL,
    status      TEXT NOT NULL,
    staged      INTEGER NOT NULL,
    released    INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    landed_at   INTEGER,
    closed_at   INTEGER
);
CREATE INDEX convoys_by_town ON convoys(town_id, created_at DESC);
-- Recovery's work: convoys being created, or started but not yet released in every rig (empty almost always).
CREATE INDEX convoys_unfinished ON convoys(created_at) WHERE status = 'creating' OR (status IN ('active', 'blocked') AND released = 0);

CREATE TABLE convoy_beads (
    convoy_id  TEXT NOT NULL,
    bead_id    TEXT NOT NULL UNIQUE,   -- a bead is in at most one convoy
    store_id   TEXT NOT NULL,
    position   INTEGER NOT NULL,
    PRIMARY KEY (convoy_id, bead_id)
);

CREATE TABLE convoy_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    town_id     TEXT NOT NULL,
    convoy_id   TEXT NOT NULL,
    type        TEXT NOT NULL,
    detail      TEXT,
    created_at  INTEGER NOT NULL
);
CREATE INDEX convoy_events_by_town ON convoy_events(town_id, created_at DESC);
