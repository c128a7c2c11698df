-- Twin of SQLite Ledger 0020: dependencies, holds and convoys on a bead (decision 0025).
ALTER TABLE beads ADD COLUMN hold bigint NOT NULL DEFAULT 0;
ALTER TABLE beads ADD COLUMN open_blockers bigint NOT NULL DEFAULT 0;
ALTER TABLE beads ADD COLUMN closure_pending bigint NOT NULL DEFAULT 0;
ALTER TABLE beads ADD COLUMN convoy_id text;

DROP INDEX IF EXISTS beads_queued;
DROP INDEX IF EXISTS beads_queued_by_priority;
CREATE INDEX beads_queued ON beads(store_id, created_at, id)
    WHERE status = 'open' AND type = 'issue' AND assignee_agent_id IS NULL AND escalated_at IS NULL AND hold = 0 AND open_blockers = 0;
CREATE INDEX beads_queued_by_priority ON beads (
    store_id,
    (CASE priority WHEN 'critical' THEN 3 WHEN 'high' THEN 2 WHEN 'medium' THEN 1 ELSE 0 END) DESC,
    created_at,
    id)
    WHERE status = 'open' AND type = 'issue' AND assignee_agent_id IS NULL AND escalated_at IS NULL AND hold = 0 AND open_blockers = 0;

CREATE INDEX beads_closure_pending ON beads(store_id, id) WHERE closure_pending = 1;
CREATE INDEX beads_blockers_unknown ON beads(store_id, id) WHERE open_blockers < 0;
CREATE INDEX beads_by_convoy ON beads(store_id, convoy_id) WHERE convoy_id IS NOT NULL;
