-- The cluster node of the run that finished a review's branch: its worktree (and any commit never pushed) is there, so
-- the merge runs there. NULL: a lone node, or an entry from before.
ALTER TABLE review_queue ADD COLUMN node_id TEXT;
