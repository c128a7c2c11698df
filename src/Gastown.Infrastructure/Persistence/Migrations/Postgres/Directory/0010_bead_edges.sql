-- Twin of SQLite Directory 0020: dependencies between beads of a town (decision 0025).
CREATE TABLE bead_edges (
    town_id           text NOT NULL,
    bead_id           text COLLATE "C" NOT NULL,
    bead_store_id     text NOT NULL,
    blocker_id        text COLLATE "C" NOT NULL,
    blocker_store_id  text NOT NULL,
    blocker_closed    bigint NOT NULL DEFAULT 0,
    created_at        bigint NOT NULL,
    PRIMARY KEY (bead_id, blocker_id)
);
CREATE INDEX bead_edges_by_blocker ON bead_edges(blocker_id);
CREATE INDEX bead_edges_by_town ON bead_edges(town_id);

CREATE TABLE closed_beads (
    bead_id    text COLLATE "C" PRIMARY KEY,
    town_id    text NOT NULL,
    closed_at  bigint NOT NULL
);
