-- What each node still owes a deleted store (issue 22): its agents' processes stopped for good and its workspace
-- removed on that node. The deleting node writes one row per other node, then asks the live ones to do it at once; a
-- node deletes its row once done, and one that was down does it when it comes back.
CREATE TABLE IF NOT EXISTS store_retirements (
    node_id    TEXT NOT NULL,
    store_id   UUID NOT NULL,
    kind       TEXT NOT NULL,
    town_id    UUID NOT NULL,
    agent_ids  UUID[] NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (node_id, store_id)
);
