-- The cluster node that dispatched the agent's current run (its process runs there). Null: never dispatched.
ALTER TABLE agents ADD COLUMN node_id TEXT;
