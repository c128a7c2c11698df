-- Land mode (decision 0029): recovery evaluates the convoys whose landing merges are under way (empty almost always).
CREATE INDEX convoys_landing ON convoys(created_at) WHERE status = 'landing';
