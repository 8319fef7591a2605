-- Training completions, from the training service's events or recorded by hand, for opportunity prerequisites.
create table training_completions (
    member_id    uuid not null references members (member_id) on delete cascade,
    module_code  text not null,
    completed_on date not null,
    expires_on   date,
    expired      boolean not null default false,
    source       text not null,
    evidence     text,
    recorded_at  timestamptz not null,
    recorded_by  text not null,
    primary key (member_id, module_code)
);
