-- Responses to create requests, by idempotency key, so a retried call returns the first call's result.
create table idempotent_requests (
    operation       text not null,
    idempotency_key text not null,
    request_hash    bytea not null,
    response        bytea,
    created_at      timestamptz not null,
    primary key (operation, idempotency_key)
);
