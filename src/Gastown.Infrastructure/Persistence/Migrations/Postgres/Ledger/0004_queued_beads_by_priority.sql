-- Twin of SQLite Ledger 0013: the tick's queue listing in its own order, read from the index without a sort.
CREATE INDEX beads_queued_by_priority ON beads (
    store_id,
    (CASE priority WHEN 'critical' THEN 3 WHEN 'high' THEN 2 WHEN 'medium' THEN 1 ELSE 0 END) DESC,
    created_at,
    id)
    WHERE status = 'open' AND type = 'issue' AND assignee_agent_id IS NULL AND escalated_at IS NULL;
