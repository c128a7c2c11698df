-- The cluster's shared state (issue 13): the node registry, where each agent runs, and what every node must share
-- (the agent-token signing key, the Data Protection key ring, stream tickets).

-- Nodes heart-beat here; one silent for Gastown:Cluster:MissedHeartbeats intervals is dead.
CREATE TABLE IF NOT EXISTS cluster_nodes (
    node_id           TEXT PRIMARY KEY,
    internal_url      TEXT NOT NULL,
    started_at        TIMESTAMPTZ NOT NULL,
    last_heartbeat_at TIMESTAMPTZ NOT NULL
);

-- The node running each agent's current run (written by the node that starts it), for routing container calls.
CREATE TABLE IF NOT EXISTS agent_placements (
    agent_id   UUID PRIMARY KEY,
    node_id    TEXT NOT NULL,
    generation INTEGER NOT NULL,
    placed_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS agent_placements_node ON agent_placements (node_id);

-- Secrets every node needs alike, made once by whichever node comes first (INSERT ... ON CONFLICT DO NOTHING).
CREATE TABLE IF NOT EXISTS cluster_secrets (
    name  TEXT PRIMARY KEY,
    value BYTEA NOT NULL
);

-- The Data Protection key ring (IXmlRepository): one XML element per key.
CREATE TABLE IF NOT EXISTS data_protection_keys (
    id            BIGSERIAL PRIMARY KEY,
    friendly_name TEXT NOT NULL,
    xml           TEXT NOT NULL
);

-- Stream tickets, redeemable once on any node: only the SHA-256 of the ticket is stored.
CREATE TABLE IF NOT EXISTS stream_tickets (
    ticket_hash BYTEA PRIMARY KEY,
    town_id     UUID NOT NULL,
    agent_id    UUID NOT NULL,
    user_id     UUID NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS stream_tickets_expiry ON stream_tickets (expires_at);

-- The ledger records which node dispatched each agent (twin of SQLite Ledger 0014_agent_node.sql).
ALTER TABLE agents ADD COLUMN IF NOT EXISTS node_id TEXT;
