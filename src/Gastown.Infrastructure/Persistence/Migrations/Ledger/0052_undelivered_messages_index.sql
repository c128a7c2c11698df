-- The quiet tick's count of messages waiting for the mayor read every open bead (through beads_by_status_newest) to
-- find the messages among them: held and blocked beads (a convoy's, decision 0025) are open, so a quiet tick grew with
-- them. A partial index holds only the messages waiting: empty almost always, as the dependency phase's are.
CREATE INDEX beads_undelivered_messages ON beads(id) WHERE status = 'open' AND type = 'message' AND escalated_at IS NULL;
