-- Twin of SQLite Ledger 0040: the agent CLI's own session of a polecat's last run, with its bead and branch (decision 0027).
ALTER TABLE agents ADD COLUMN cli_session_id text;
ALTER TABLE agents ADD COLUMN cli_session_bead_id text;
ALTER TABLE agents ADD COLUMN cli_session_branch text;
