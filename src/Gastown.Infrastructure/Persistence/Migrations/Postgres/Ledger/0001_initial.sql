-- The ledger stores on PostgreSQL: the SQLite ledger's migrations 0001-0005 and 0010 in one script. All stores share
-- these tables; every table carries the store id (the rig or town id) as the leading column of its key and of every
-- index, so a store's rows sit together and each query of a session reads one store only (decision 0015).
-- Ids are lowercase UUID text (ordered bytewise, COLLATE "C", as SQLite orders them), enum values their lowercase words, times microseconds since the Unix epoch (bigint).

-- One row per store: its identity, and the row a write session locks (SELECT … FOR UPDATE) so that one store has one
-- writer at a time across every node. Deleting it removes the store's rows everywhere (ON DELETE CASCADE).
CREATE TABLE ledger_stores (
    store_id    text PRIMARY KEY,
    kind        text NOT NULL,     -- rig | town_hq
    town_id     text NOT NULL,
    created_at  bigint NOT NULL
);

-- The store's own identity (store_id, kind, town_id, …) and its alarm's due time, as in SQLite.
CREATE TABLE kv (
    store_id  text NOT NULL REFERENCES ledger_stores(store_id) ON DELETE CASCADE,
    key       text NOT NULL,
    value     text,
    PRIMARY KEY (store_id, key)
);

CREATE TABLE beads (
    store_id                  text NOT NULL REFERENCES ledger_stores(store_id) ON DELETE CASCADE,
    id                        text COLLATE "C" NOT NULL,
    type                      text NOT NULL,
    status                    text NOT NULL,
    title                     text NOT NULL,
    body                      text,
    priority                  text NOT NULL,
    assignee_agent_id         text,
    labels                    text NOT NULL,   -- JSON array
    metadata                  text NOT NULL,   -- JSON object
    dispatch_attempts         bigint NOT NULL DEFAULT 0,
    last_dispatch_attempt_at  bigint,
    escalated_at              bigint,
    created_at                bigint NOT NULL,
    updated_at                bigint NOT NULL,
    closed_at                 bigint,
    last_error                text,
    next_attempt_at           bigint,
    review_rounds             bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (store_id, id)
);
CREATE INDEX beads_newest ON beads(store_id, created_at DESC, id DESC);
CREATE INDEX beads_by_status_newest ON beads(store_id, status, created_at DESC, id DESC);
-- The queue (open, unassigned, unescalated issue beads) is asked about on every sling and every tick.
CREATE INDEX beads_queued ON beads(store_id, created_at, id)
    WHERE status = 'open' AND type = 'issue' AND assignee_agent_id IS NULL AND escalated_at IS NULL;

CREATE TABLE agents (
    store_id          text NOT NULL REFERENCES ledger_stores(store_id) ON DELETE CASCADE,
    id                text COLLATE "C" NOT NULL,
    role              text NOT NULL,
    name              text NOT NULL,
    identity          text NOT NULL,
    status            text NOT NULL,
    hooked_bead_id    text,
    generation        bigint NOT NULL DEFAULT 0,
    process_id        bigint,
    last_activity_at  bigint,
    restart_count     bigint NOT NULL DEFAULT 0,
    checkpoint        text,
    created_at        bigint NOT NULL,
    updated_at        bigint NOT NULL,
    status_line       text,
    status_line_at    bigint,
    last_error        text,
    next_attempt_at   bigint,
    PRIMARY KEY (store_id, id),
    UNIQUE (store_id, identity)
);

CREATE TABLE mail (
    store_id      text NOT NULL REFERENCES ledger_stores(store_id) ON DELETE CASCADE,
    id            text COLLATE "C" NOT NULL,
    from_address  text NOT NULL,
    to_agent_id   text NOT NULL,
    subject       text NOT NULL,
    body          text NOT NULL,
    delivered     bigint NOT NULL DEFAULT 0,
    delivered_at  bigint,
    created_at    bigint NOT NULL,
    PRIMARY KEY (store_id, id)
);
CREATE INDEX mail_inbox ON mail(store_id, to_agent_id, delivered, created_at);

CREATE TABLE review_queue (
    store_id      text NOT NULL REFERENCES ledger_stores(store_id) ON DELETE CASCADE,
    id            text COLLATE "C" NOT NULL,
    agent_id      text NOT NULL,
    bead_id       text NOT NULL,
    branch        text NOT NULL,
    summary       text,
    status        text NOT NULL,
    attempts      bigint NOT NULL DEFAULT 0,
    merge_commit  text,
    message       text,
    created_at    bigint NOT NULL,
    updated_at    bigint NOT NULL,
    gates         text,            -- JSON: the gate results
    base_commit   text,
    feedback      text,
    PRIMARY KEY (store_id, id)
);
CREATE INDEX review_queue_by_status ON review_queue(store_id, status, created_at);

-- Append-only: every state change of every bead. Ids come from one sequence for all stores; within a store they
-- still grow with commit order, since a store has one writer at a time.
CREATE TABLE bead_events (
    store_id    text NOT NULL REFERENCES ledger_stores(store_id) ON DELETE CASCADE,
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    bead_id     text NOT NULL,
    agent_id    text,
    type        text NOT NULL,
    old_value   text,
    new_value   text,
    metadata    text NOT NULL,   -- JSON object
    created_at  bigint NOT NULL
);
CREATE INDEX bead_events_by_bead ON bead_events(store_id, bead_id, id);
CREATE INDEX bead_events_newest ON bead_events(store_id, created_at DESC, id DESC);

-- gt_reply: what the mayor said to its user (town HQ stores only).
CREATE TABLE mayor_replies (
    store_id        text NOT NULL REFERENCES ledger_stores(store_id) ON DELETE CASCADE,
    id              text COLLATE "C" NOT NULL,
    mayor_agent_id  text NOT NULL,
    body            text NOT NULL,
    in_reply_to     text,
    created_at      bigint NOT NULL,
    PRIMARY KEY (store_id, id)
);
CREATE INDEX mayor_replies_newest ON mayor_replies(store_id, created_at DESC, id DESC);

-- Tokens and cost an agent's CLI reported, one row per run (agent and generation), summed per bead for the API.
CREATE TABLE agent_usage (
    store_id      text NOT NULL REFERENCES ledger_stores(store_id) ON DELETE CASCADE,
    agent_id      text NOT NULL,
    generation    bigint NOT NULL,
    bead_id       text,
    input_tokens  bigint NOT NULL DEFAULT 0,
    output_tokens bigint NOT NULL DEFAULT 0,
    cached_tokens bigint NOT NULL DEFAULT 0,
    cost_usd      double precision,
    updated_at    bigint NOT NULL,
    PRIMARY KEY (store_id, agent_id, generation)
);
CREATE INDEX agent_usage_bead ON agent_usage(store_id, bead_id) WHERE bead_id IS NOT NULL;
