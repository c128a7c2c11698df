-- Recovery prunes the closures no edge needs any more, oldest first by time (decision 0025).
CREATE INDEX closed_beads_by_time ON closed_beads(closed_at);
