-- Review before merge: a rig's review config (gates, timeout, mode, rounds, branch hygiene) as JSON; NULL = defaults.
ALTER TABLE rigs ADD COLUMN review TEXT;
