-- The code of conduct a member agreed, and the schemes they hold or held.
alter table members
    add column code_of_conduct_version   text,
    add column code_of_conduct_agreed_on date;

create table scheme_memberships (
    membership_id       uuid primary key,
    member_id           uuid not null references members (member_id) on delete cascade,
    scheme              text not null,
    started_on          date not null,
    ended_on            date,
    end_reason          text,
    reviewed_on         date,
    review_outcome      text,
    created_at          timestamptz not null
);
-- One current membership of each scheme per member.
create unique index ux_scheme_memberships_current on scheme_memberships (member_id, scheme) where ended_on is null;
create index ix_scheme_memberships_patient_partners on scheme_memberships (started_on) where scheme = 'patient_partner' and ended_on is null;
