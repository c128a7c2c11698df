-- Tokens and cost an agent's CLI reported, one row per run (agent and generation), summed per bead for the API.
CREATE TABLE agent_usage (
    agent_id      TEXT    NOT NULL,
    generation    INTEGER NOT NULL,
    bead_id       TEXT,
    input_tokens  INTEGER NOT NULL DEFAULT 0,
    output_tokens INTEGER NOT NULL DEFAULT 0,
    cached_tokens INTEGER NOT NULL DEFAULT 0,
    cost_usd      REAL,
    updated_at    INTEGER NOT NULL,
    PRIMARY KEY (agent_id, generation)
);
CREATE INDEX agent_usage_bead ON agent_usage(bead_id) WHERE bead_id IS NOT NULL;
