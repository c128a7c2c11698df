-- The agent CLI's own session of a polecat's last run, with the bead and branch it belongs to: a later run of the same
-- agent on the same bead and branch continues it (decision 0027). Null: none kept (a fresh session next time).
ALTER TABLE agents ADD COLUMN cli_session_id TEXT;
ALTER TABLE agents ADD COLUMN cli_session_bead_id TEXT;
ALTER TABLE agents ADD COLUMN cli_session_branch TEXT;
