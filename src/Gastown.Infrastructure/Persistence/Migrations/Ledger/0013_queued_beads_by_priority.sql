-- The tick hands queued beads to free polecats highest priority first, then oldest: this partial index holds the
-- queue in exactly that order, so the listing reads its first rows instead of sorting the whole queue (a temp B-tree
-- over every queued bead, under the rig's write lock). Led by status so the planner picks it without statistics.
CREATE INDEX IF NOT EXISTS beads_queued_by_priority ON beads (
    status,
    (CASE priority WHEN 'critical' THEN 3 WHEN 'high' THEN 2 WHEN 'medium' THEN 1 ELSE 0 END) DESC,
    created_at,
    id)
    WHERE status = 'open' AND type = 'issue' AND assignee_agent_id IS NULL AND escalated_at IS NULL;
