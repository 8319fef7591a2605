-- Membership positions at the end of any period, not only now.
-- care_group is one fact with its own version (from MemberRegistered and MemberUpdated); left_at is when the member
-- left (the occurredAt of the MemberStatusChanged to 'left' that is the member's latest status), null otherwise.
alter table members
    add column care_group         text,
    add column care_group_version bigint not null default 0,
    add column left_at            timestamptz;

-- Every level a member has had, by version, with the instant it took effect: the level at the end of a period is the
-- highest version that took effect before the period ended. Inserted once per version, so any order ends the same.
create table member_levels (
    member_id         uuid not null,
    version           bigint not null,
    involvement_level int not null,
    changed_at        timestamptz not null,
    primary key (member_id, version)
);

-- Scheme memberships: a start (version 1) and an end (version 2) may arrive in either order; each fills its own column.
create table scheme_memberships (
    membership_id uuid primary key,
    member_id     uuid not null,
    scheme        text not null,
    started_on    date,
    ended_on      date
);
create index scheme_memberships_by_member on scheme_memberships (member_id);

-- Rows registered before this migration keep their current level as their history.
insert into member_levels (member_id, version, involvement_level, changed_at)
select member_id, level_version, involvement_level, registered_at from members
where registered_at is not null and involvement_level is not null
on conflict do nothing;

-- A member who left before this migration left at an unknown instant: from their registration on, they are not counted.
update members set left_at = registered_at where status = 'left' and left_at is null;
