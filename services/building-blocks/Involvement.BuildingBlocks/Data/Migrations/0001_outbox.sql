-- Integration events waiting to be published (transactional outbox).
create table outbox_messages (
    id           uuid primary key,            -- the event id; also the published message id
    sequence     bigint generated always as identity,
    message_type text not null,               -- full name of the contract type
    payload      jsonb not null,
    occurred_at  timestamptz not null,
    created_at   timestamptz not null default now(),
    sent_at      timestamptz,
    attempts     int not null default 0,
    last_error   text
);

create index ix_outbox_messages_pending on outbox_messages (sequence) where sent_at is null;
create index ix_outbox_messages_sent on outbox_messages (sent_at) where sent_at is not null;
