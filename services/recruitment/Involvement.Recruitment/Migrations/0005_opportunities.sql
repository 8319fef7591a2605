-- Opportunities: content as the API states it, with the columns filters and rules need alongside.
create table opportunities (
    opportunity_id         uuid primary key,
    content                jsonb not null,
    status                 text not null,
    presence_flags         text[] not null,
    papers_due_days_before int not null,
    created_at             timestamptz not null,
    published_at           timestamptz,
    updated_at             timestamptz not null,
    version                bigint not null
);
create index ix_opportunities_status on opportunities (status, opportunity_id);

create table opportunity_sessions (
    session_id     uuid primary key,
    opportunity_id uuid not null references opportunities (opportunity_id) on delete cascade,
    starts_at      timestamptz not null,
    ends_at        timestamptz not null,
    place          text,
    online         boolean not null,
    papers_due_on  date not null
);
create index ix_opportunity_sessions_opportunity on opportunity_sessions (opportunity_id, starts_at);
