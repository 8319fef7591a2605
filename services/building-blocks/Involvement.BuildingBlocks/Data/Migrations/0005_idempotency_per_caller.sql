-- An idempotency key belongs to the caller that sent it: the same key from two callers is two requests.
alter table idempotent_requests add column caller text not null default '';
alter table idempotent_requests drop constraint idempotent_requests_pkey;
alter table idempotent_requests add primary key (operation, caller, idempotency_key);
alter table idempotent_requests alter column caller drop default;
