-- The pruner deletes by age: these let it find old rows without reading whole tables.
create index ix_processed_messages_processed_at on processed_messages (processed_at);
create index ix_idempotent_requests_created_at on idempotent_requests (created_at);
