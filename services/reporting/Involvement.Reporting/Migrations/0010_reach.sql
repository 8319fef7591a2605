-- Presence and reach, spread and committees: reporting's read models of recruitment's opportunities and attendance.
-- No names: members are ids only, and a member's care group comes from the shared members table.

-- An opportunity as its latest OpportunityPublished/OpportunityChanged (highest aggregateVersion) described it.
-- version 0 is a placeholder: a closure, cancellation or selection arrived before the publication.
-- published_intended_outcomes comes from OpportunityPublished only: the outcomes recorded at the start.
-- closed_on is the UK date of OpportunityClosed; cancelled is set by OpportunityCancelled. Both are final.
create table opportunities (
    opportunity_id              uuid primary key,
    version                     bigint not null default 0,
    title                       text,
    kind                        text,
    committee                   text,
    seats                       int,
    reserve_seats               int,
    high_level                  boolean,
    presence_flags              text[],
    published_intended_outcomes int,
    closed_on                   date,
    cancelled                   boolean not null default false
);

-- The sessions of the version in opportunities, replaced whenever a newer version is applied. start_date is the UK
-- date of starts_at: a session counts in the period holding it.
create table opportunity_sessions (
    opportunity_id uuid not null,
    session_id     uuid not null,
    starts_at      timestamptz not null,
    start_date     date not null,
    primary key (opportunity_id, session_id)
);
create index opportunity_sessions_by_date on opportunity_sessions (start_date);

-- Each member's place on an opportunity (seat, reserve, not_selected, withdrawn): the highest version wins.
create table participants (
    opportunity_id uuid not null,
    member_id      uuid not null,
    place          text not null,
    version        bigint not null,
    primary key (opportunity_id, member_id)
);

-- Attendance per participationId from ParticipationRecorded and ParticipationCorrected: the highest version wins;
-- a correction to "not attended" keeps the row with attended false, so a late, older recording cannot bring it back.
create table attendance (
    participation_id uuid primary key,
    opportunity_id   uuid not null,
    session_id       uuid not null,
    member_id        uuid not null,
    session_date     date not null,
    attended         boolean not null,
    version          bigint not null
);
create index attendance_by_date on attendance (session_date);

-- Papers sent per session (the highest version wins).
create table papers (
    session_id     uuid primary key,
    opportunity_id uuid not null,
    papers_due_on  date not null,
    on_time        boolean not null,
    version        bigint not null
);
