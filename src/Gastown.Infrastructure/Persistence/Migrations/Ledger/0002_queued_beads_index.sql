-- The queue (open, unassigned, unescalated issue beads) is asked about on every sling and every tick; a partial
-- index keeps that constant-time however many beads the rig holds.
CREATE INDEX beads_queued ON beads(created_at, id)
    WHERE status = 'open' AND type = 'issue' AND assignee_agent_id IS NULL AND escalated_at IS NULL;
