-- Twin of SQLite Directory 0022: idempotency keys (decision 0025).
CREATE TABLE idempotency_keys (
    user_id     text NOT NULL,
    operation   text NOT NULL,
    key         text NOT NULL,
    status      text,
    response    text,
    created_at  bigint NOT NULL,
    PRIMARY KEY (user_id, operation, key)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys(created_at);
