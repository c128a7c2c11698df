-- Idempotency keys (issue 23, decision 0025): the first response to a key, per user and operation, for 24 hours.
-- A row with no response is a request in flight (its claim); the unique key makes a concurrent duplicate wait.
CREATE TABLE idempotency_keys (
    user_id     TEXT NOT NULL,
    operation   TEXT NOT NULL,
    key         TEXT NOT NULL,
    status      TEXT,             -- the result status of the first response (created, ok); NULL while in flight
    response    TEXT,             -- its body as JSON
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (user_id, operation, key)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys(created_at);
