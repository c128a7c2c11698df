-- Twin of SQLite Ledger 0011: why dispatch holds a bead/agent back (a town budget) and until when a model refused it.
ALTER TABLE agents ADD COLUMN paused_reason text;
ALTER TABLE agents ADD COLUMN rate_limited_until bigint;
ALTER TABLE beads ADD COLUMN paused_reason text;
ALTER TABLE beads ADD COLUMN rate_limited_until bigint;
-- Today's usage of a store (budgets): a range on updated_at within the store.
CREATE INDEX agent_usage_updated ON agent_usage(store_id, updated_at);
