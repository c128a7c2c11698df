-- gt_status: the agent's own one-line "what I am doing now", and when it said so.
ALTER TABLE agents ADD COLUMN status_line TEXT;
ALTER TABLE agents ADD COLUMN status_line_at INTEGER;

-- gt_reply: what the mayor said to its user (town HQ stores only). The user's side is the message beads.
CREATE TABLE mayor_replies (
    id              TEXT PRIMARY KEY,
    mayor_agent_id  TEXT NOT NULL,
    body            TEXT NOT NULL,
    in_reply_to     TEXT,             -- the message bead answered, if the mayor named it
    created_at      INTEGER NOT NULL
);
CREATE INDEX mayor_replies_newest ON mayor_replies(created_at DESC, id DESC);
