-- Failures visible at once: the last dispatch error and the next attempt time, on the agent and on its bead.
ALTER TABLE agents ADD COLUMN last_error TEXT;
ALTER TABLE agents ADD COLUMN next_attempt_at INTEGER;
ALTER TABLE beads ADD COLUMN last_error TEXT;
ALTER TABLE beads ADD COLUMN next_attempt_at INTEGER;

-- getTownEvents reads a store's newest events first.
CREATE INDEX IF NOT EXISTS bead_events_newest ON bead_events(created_at DESC, id DESC);
