-- Rows that can never be published (an unknown event type, a payload that does not read) are parked for a person
-- to look at, instead of being retried forever and holding back every event behind them.
alter table outbox_messages add column parked_at timestamptz;
drop index ix_outbox_messages_pending;
create index ix_outbox_messages_pending on outbox_messages (sequence) where sent_at is null and parked_at is null;
