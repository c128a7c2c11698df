-- Why dispatch of a hooked bead waits (a town budget reached, a rate-limited model endpoint), on the agent and its bead,
-- and until when a rate limit holds it.
ALTER TABLE agents ADD COLUMN paused_reason TEXT;
ALTER TABLE agents ADD COLUMN rate_limited_until INTEGER;
ALTER TABLE beads ADD COLUMN paused_reason TEXT;
ALTER TABLE beads ADD COLUMN rate_limited_until INTEGER;

-- Daily budgets sum the runs reported since the start of the UTC day.
CREATE INDEX IF NOT EXISTS agent_usage_updated ON agent_usage(updated_at);
