-- Status and level change independently, so each keeps the version of its last change: a level change that
-- arrives before an earlier status change must not make that status change look stale.
alter table members
    add column status         text not null default 'applicant',
    add column status_version bigint,
    add column level_version  bigint;
update members set status_version = member_version, level_version = member_version;
alter table members alter column status_version set not null, alter column level_version set not null;
alter table members drop column member_version;
