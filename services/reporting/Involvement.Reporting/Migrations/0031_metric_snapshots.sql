-- Snapshots published on RabbitMQ (MetricsSnapshotPublished): one row per scheduled interval and per quarter end,
-- inserted in the transaction that writes the event to the outbox, so however many replicas run each is sent once.
create table metric_snapshots (
    reason         text not null,
    slot           text not null,
    financial_year int not null,
    quarter        int not null,
    event_id       uuid not null,
    published_at   timestamptz not null,
    primary key (reason, slot)
);
