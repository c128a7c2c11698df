-- The directory: users, tokens, towns, rigs, and the town-wide agent registry.
-- Ids are lowercase UUID text; times are microseconds since the Unix epoch (UTC).

CREATE TABLE users (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL
);

CREATE TABLE api_tokens (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users(id),
    token_hash  TEXT NOT NULL UNIQUE,   -- SHA-256 of the secret; the secret itself is never stored
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
);

CREATE TABLE towns (
    id             TEXT PRIMARY KEY,
    owner_user_id  TEXT NOT NULL REFERENCES users(id),
    name           TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    UNIQUE (owner_user_id, name)
);
CREATE INDEX towns_by_owner ON towns(owner_user_id, created_at DESC);

CREATE TABLE rigs (
    id              TEXT PRIMARY KEY,
    town_id         TEXT NOT NULL REFERENCES towns(id),
    name            TEXT NOT NULL,
    git_url         TEXT NOT NULL,
    default_branch  TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    UNIQUE (town_id, name)
);

-- Agent names are unique within a town (not just a rig), and an agent id leads to the store that holds it.
CREATE TABLE agent_registry (
    agent_id  TEXT PRIMARY KEY,
    town_id   TEXT NOT NULL REFERENCES towns(id),
    store_id  TEXT NOT NULL,
    name      TEXT NOT NULL,
    UNIQUE (town_id, name)
);
