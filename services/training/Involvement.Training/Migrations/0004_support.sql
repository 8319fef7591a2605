-- Support for people once trained: where members stand (level, status) as recruitment reports it, personal
-- development plans, mentoring, and support/supervision sessions.

-- A member's status and pyramid level, from recruitment's events. Each part moves only forward by the member's
-- aggregate version, so events arriving out of order leave the newest facts.
create table member_standing (
    member_id       uuid primary key,
    level           integer check (level between 1 and 7),
    level_version   bigint not null default 0,
    status          text check (status in ('applicant', 'active', 'paused', 'left')),
    status_version  bigint not null default 0,
    -- the UK date the member first became active: a new representative is one active for less than a while
    active_since    date,
    updated_at      timestamptz not null
);
create index ix_member_standing_active on member_standing (active_since) where status = 'active';

-- Every level a member held, by version, so "at or above the supervision level since" survives late events.
create table member_levels (
    member_id         uuid not null,
    aggregate_version bigint not null,
    level             integer not null check (level between 1 and 7),
    changed_on        date not null,
    primary key (member_id, aggregate_version)
);

-- Personal development plans: a learner's goals, each with target and review dates and progress notes.
create table development_goals (
    goal_id      uuid primary key,
    learner_id   uuid not null references learners (learner_id),
    title        text not null,
    description  text not null default '',
    target_on    date not null,
    review_on    date not null,
    status       text not null check (status in ('open', 'achieved', 'dropped')),
    version      bigint not null,
    created_at   timestamptz not null,
    created_by   text not null,
    updated_at   timestamptz not null,
    updated_by   text not null
);
create index ix_development_goals_learner on development_goals (learner_id, goal_id);
create index ix_development_goals_review on development_goals (review_on, goal_id) where status = 'open';

create table goal_progress_notes (
    note_id    uuid primary key,
    goal_id    uuid not null references development_goals (goal_id),
    note       text not null,
    noted_at   timestamptz not null,
    noted_by   text not null
);
create index ix_goal_progress_notes_goal on goal_progress_notes (goal_id, note_id);

-- Mentors (experienced members or staff), each with a cap of mentees at once; null: Training__MentorCap.
create table mentors (
    learner_id  uuid primary key references learners (learner_id),
    cap         integer check (cap between 1 and 50),
    version     bigint not null,
    created_at  timestamptz not null,
    created_by  text not null,
    updated_at  timestamptz not null,
    updated_by  text not null
);

create table mentoring_pairings (
    pairing_id  uuid primary key,
    mentor_id   uuid not null references mentors (learner_id),
    mentee_id   uuid not null references learners (learner_id),
    started_on  date not null,
    ended_on    date,
    version     bigint not null,
    created_at  timestamptz not null,
    created_by  text not null,
    updated_at  timestamptz not null,
    updated_by  text not null,
    check (mentor_id <> mentee_id),
    check (ended_on is null or ended_on >= started_on)
);
-- one open pairing per mentee (the API checks first and says so; this is the backstop)
create unique index ux_mentoring_pairings_open_mentee on mentoring_pairings (mentee_id) where ended_on is null;
create index ix_mentoring_pairings_mentor on mentoring_pairings (mentor_id, pairing_id);

-- Meetings of a pairing: when and how long. Deliberately no notes about the person.
create table mentoring_meetings (
    meeting_id        uuid primary key,
    pairing_id        uuid not null references mentoring_pairings (pairing_id),
    met_on            date not null,
    duration_minutes  integer not null check (duration_minutes between 1 and 600),
    logged_at         timestamptz not null,
    logged_by         text not null
);
create index ix_mentoring_meetings_pairing on mentoring_meetings (pairing_id, met_on);

-- Support sessions of the three kinds, individual (one attendee) or group.
create table support_sessions (
    support_session_id  uuid primary key,
    kind                text not null check (kind in ('administrative', 'supervision', 'emotional')),
    format              text not null check (format in ('individual', 'group')),
    held_on             date not null,
    duration_minutes    integer not null check (duration_minutes between 1 and 1440),
    recorded_at         timestamptz not null,
    recorded_by         text not null
);
create index ix_support_sessions_held on support_sessions (held_on, support_session_id);

create table support_session_attendees (
    support_session_id  uuid not null references support_sessions (support_session_id) on delete cascade,
    learner_id          uuid not null references learners (learner_id),
    primary key (support_session_id, learner_id)
);
create index ix_support_session_attendees_learner on support_session_attendees (learner_id);
