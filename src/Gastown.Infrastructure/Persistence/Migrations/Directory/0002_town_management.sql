-- Town and rig management: per-rig polecat cap, health and credentials; per-town config; pending deletions.
-- Secrets (git tokens, API keys, secret env values) are stored only as ASP.NET Core Data Protection ciphertext.

ALTER TABLE rigs ADD COLUMN max_polecats INTEGER;
ALTER TABLE rigs ADD COLUMN health_status TEXT;
ALTER TABLE rigs ADD COLUMN health_reason TEXT;
ALTER TABLE rigs ADD COLUMN health_checked_at INTEGER;
ALTER TABLE rigs ADD COLUMN git_username TEXT;
ALTER TABLE rigs ADD COLUMN git_token_protected TEXT;

-- The town's config as JSON; its secret values are protected strings, never plain text.
CREATE TABLE town_configs (
    town_id     TEXT PRIMARY KEY,
    config      TEXT NOT NULL,
    updated_at  INTEGER NOT NULL
);

-- A store being deleted: its rows are gone from towns/rigs already; the background cleanup (stop agents, remove the
-- ledger file and the workspace) resumes at start-up until it has finished and removed this row.
CREATE TABLE pending_deletions (
    store_id    TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,     -- rig | town_hq
    town_id     TEXT NOT NULL,
    agent_ids   TEXT NOT NULL,     -- JSON array: the agents to stop, read before the rows went away
    created_at  INTEGER NOT NULL
);
