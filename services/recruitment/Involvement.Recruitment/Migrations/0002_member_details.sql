-- A member's details, and the dated history of their status and involvement level.
alter table members
    add column postal_address         text,
    add column postcode               text,
    add column invitation_channels    text[] not null default '{}',
    add column formats                text[] not null default '{}',
    add column interpreter_language   text,
    add column reasonable_adjustments text[] not null default '{}',
    add column services_used          jsonb  not null default '[]',
    add column interests              text[] not null default '{}',
    add column care_group             text,
    add column locality               text,
    add column updated_at             timestamptz;
update members set updated_at = registered_at;
alter table members alter column updated_at set not null;

create index ix_members_status on members (status, member_id);

create table member_status_history (
    member_id  uuid not null references members (member_id) on delete cascade,
    status     text not null,
    reason     text,
    changed_at timestamptz not null,
    changed_by text not null
);
create index ix_member_status_history on member_status_history (member_id, changed_at);

create table member_level_history (
    member_id  uuid not null references members (member_id) on delete cascade,
    level      int not null,
    reason     text,
    changed_at timestamptz not null,
    changed_by text not null
);
create index ix_member_level_history on member_level_history (member_id, changed_at);

insert into member_status_history select member_id, status, null, registered_at, 'registration' from members;
insert into member_level_history select member_id, involvement_level, 'level at registration', registered_at, 'registration' from members;
