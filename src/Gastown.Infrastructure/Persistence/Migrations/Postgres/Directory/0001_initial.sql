-- The directory on PostgreSQL: the SQLite directory's migrations 0001, 0002 and 0010 in one script, same tables and
-- columns. Ids are lowercase UUID text and times microseconds since the Unix epoch (bigint), exactly as in SQLite, so
-- both providers share their row types and explicit conversions (DbValues).

CREATE TABLE users (
    id          text COLLATE "C" PRIMARY KEY,
    name        text NOT NULL UNIQUE,
    created_at  bigint NOT NULL
);

CREATE TABLE api_tokens (
    id          text COLLATE "C" PRIMARY KEY,
    user_id     text NOT NULL REFERENCES users(id),
    token_hash  text NOT NULL UNIQUE,   -- SHA-256 of the secret; the secret itself is never stored
    created_at  bigint NOT NULL,
    revoked_at  bigint
);
CREATE INDEX api_tokens_by_user ON api_tokens(user_id);

CREATE TABLE towns (
    id             text COLLATE "C" PRIMARY KEY,
    owner_user_id  text NOT NULL REFERENCES users(id),
    name           text NOT NULL,
    created_at     bigint NOT NULL,
    updated_at     bigint NOT NULL,
    UNIQUE (owner_user_id, name)
);
CREATE INDEX towns_by_owner ON towns(owner_user_id, created_at DESC);

CREATE TABLE rigs (
    id                   text COLLATE "C" PRIMARY KEY,
    town_id              text NOT NULL REFERENCES towns(id),
    name                 text NOT NULL,
    git_url              text NOT NULL,
    default_branch       text NOT NULL,
    created_at           bigint NOT NULL,
    updated_at           bigint NOT NULL,
    max_polecats         bigint,
    health_status        text,
    health_reason        text,
    health_checked_at    bigint,
    git_username         text,
    git_token_protected  text,     -- Data Protection ciphertext, never plain text
    review               text,     -- the rig's review config as JSON; NULL = defaults
    UNIQUE (town_id, name)
);

-- Agent names are unique within a town (not just a rig), and an agent id leads to the store that holds it.
CREATE TABLE agent_registry (
    agent_id  text PRIMARY KEY,
    town_id   text NOT NULL REFERENCES towns(id),
    store_id  text NOT NULL,
    name      text NOT NULL,
    UNIQUE (town_id, name)
);
CREATE INDEX agent_registry_by_store ON agent_registry(store_id);

-- The town's config as JSON; its secret values are protected strings, never plain text.
CREATE TABLE town_configs (
    town_id     text PRIMARY KEY,
    config      text NOT NULL,
    updated_at  bigint NOT NULL
);

-- A store being deleted: its rows are gone from towns/rigs already; the background cleanup resumes at start-up until
-- it has finished and removed this row.
CREATE TABLE pending_deletions (
    store_id    text PRIMARY KEY,
    kind        text NOT NULL,     -- rig | town_hq
    town_id     text NOT NULL,
    agent_ids   text NOT NULL,     -- JSON array: the agents to stop, read before the rows went away
    created_at  bigint NOT NULL
);
