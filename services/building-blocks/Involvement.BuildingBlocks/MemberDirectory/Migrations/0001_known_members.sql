-- The few facts this service keeps about members, learned from recruitment's events.
create table known_members (
    member_id      uuid primary key,
    display_name   text not null,
    member_version bigint not null,
    updated_at     timestamptz not null
);
