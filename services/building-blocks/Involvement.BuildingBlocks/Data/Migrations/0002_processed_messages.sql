-- Integration events each consumer has already handled, so a redelivered event changes nothing.
create table processed_messages (
    consumer     text not null,
    message_id   uuid not null,
    processed_at timestamptz not null,
    primary key (consumer, message_id)
);
