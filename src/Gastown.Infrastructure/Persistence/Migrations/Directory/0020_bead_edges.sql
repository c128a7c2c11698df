-- Dependencies between beads (decision 0025): they may cross rigs of a town, so they live here, not in a rig's ledger.
-- An edge says bead_id waits for blocker_id to be merged (closed); blocker_closed caches that, kept by the dependency
-- phase when the blocker closes. closed_beads records every closure the phase has propagated, so an edge written
-- after its blocker closed starts out released (the two are written under one lock of the directory).
CREATE TABLE bead_edges (
    town_id           TEXT NOT NULL,
    bead_id           TEXT NOT NULL,
    bead_store_id     TEXT NOT NULL,
    blocker_id        TEXT NOT NULL,
    blocker_store_id  TEXT NOT NULL,
    blocker_closed    INTEGER NOT NULL DEFAULT 0,
    created_at        INTEGER NOT NULL,
    PRIMARY KEY (bead_id, blocker_id)
);
CREATE INDEX bead_edges_by_blocker ON bead_edges(blocker_id);
CREATE INDEX bead_edges_by_town ON bead_edges(town_id);

CREATE TABLE closed_beads (
    bead_id    TEXT PRIMARY KEY,
    town_id    TEXT NOT NULL,
    closed_at  INTEGER NOT NULL
);
