-- Dependencies, holds and convoys on a bead (issue 23, decision 0025). The edges themselves live in the directory
-- (they cross rigs); the bead's row keeps what the tick needs without leaving its store:
--   hold            0 = dispatchable; bit 1 = held by a person, bit 2 = its convoy is staged (or still being created)
--   open_blockers   its blockers not yet merged (closed); -1 = unknown until recounted from the directory
--   closure_pending 1 = the bead closed and its dependents have not been told yet
--   convoy_id       the convoy that tracks it, if any
ALTER TABLE beads ADD COLUMN hold INTEGER NOT NULL DEFAULT 0;
ALTER TABLE beads ADD COLUMN open_blockers INTEGER NOT NULL DEFAULT 0;
ALTER TABLE beads ADD COLUMN closure_pending INTEGER NOT NULL DEFAULT 0;
ALTER TABLE beads ADD COLUMN convoy_id TEXT;

-- The queue now leaves out held and blocked beads: the same partial indexes with the longer predicate, so a blocked
-- bead costs the tick nothing (it is not in the index at all).
DROP INDEX IF EXISTS beads_queued;
DROP INDEX IF EXISTS beads_queued_by_priority;
CREATE INDEX beads_queued ON beads(created_at, id)
    WHERE status = 'open' AND type = 'issue' AND assignee_agent_id IS NULL AND escalated_at IS NULL AND hold = 0 AND open_blockers = 0;
CREATE INDEX beads_queued_by_priority ON beads (
    status,
    (CASE priority WHEN 'critical' THEN 3 WHEN 'high' THEN 2 WHEN 'medium' THEN 1 ELSE 0 END) DESC,
    created_at,
    id)
    WHERE status = 'open' AND type = 'issue' AND assignee_agent_id IS NULL AND escalated_at IS NULL AND hold = 0 AND open_blockers = 0;

-- Work the dependency phase owes: closures to propagate, blocker counts to recompute (empty almost always).
CREATE INDEX beads_closure_pending ON beads(id) WHERE closure_pending = 1;
CREATE INDEX beads_blockers_unknown ON beads(id) WHERE open_blockers < 0;
CREATE INDEX beads_by_convoy ON beads(convoy_id) WHERE convoy_id IS NOT NULL;
