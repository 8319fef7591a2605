-- Special-category data, kept apart from members and never joined into member reads or lists.
create table equality_monitoring (
    member_id              uuid primary key references members (member_id) on delete cascade,
    answers                jsonb not null,
    consent_to_outreach    boolean not null,
    consent_to_outreach_at timestamptz,
    recorded_at            timestamptz not null,
    recorded_by            text not null
);

-- Who read or changed whose answers, when and why. Kept after erasure (it names no one but by id).
create table equality_access_log (
    id          bigint generated always as identity primary key,
    member_id   uuid not null,
    accessed_by text not null,
    action      text not null,
    purpose     text not null,
    accessed_at timestamptz not null
);
create index ix_equality_access_log_member on equality_access_log (member_id, accessed_at desc);
