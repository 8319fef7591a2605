-- Reporting's read models of training, built only from training's events. Ids and codes only: no names.

-- Completions: one row per learner, module and completion date (a renewal is another completion). Members come from
-- TrainingCompleted, staff from StaffTrainingCompleted (their learner id is training's, pseudonymous).
create table training_completions (
    learner_kind  text not null,
    learner_id    uuid not null,
    module_code   text not null,
    completed_on  date not null,
    primary key (learner_kind, learner_id, module_code, completed_on)
);
create index training_completions_by_date on training_completions (completed_on);

-- Certificates that lapsed without renewal (TrainingExpired): one per member, module and expiry date.
create table training_lapses (
    member_id    uuid not null,
    module_code  text not null,
    expired_on   date not null,
    primary key (member_id, module_code, expired_on)
);

-- Training sessions held (TrainingSessionHeld), once per session; a later version replaces an earlier one.
create table training_sessions_held (
    session_id       uuid primary key,
    module_code      text not null,
    co_facilitated   boolean not null,
    held_on          date not null,
    version          bigint not null
);
create index training_sessions_held_by_date on training_sessions_held (held_on);

-- Support sessions (SupervisionRecorded) and the members who attended them.
create table support_sessions (
    support_session_id uuid primary key,
    kind               text not null,
    held_on            date not null
);
create table support_session_members (
    support_session_id uuid not null references support_sessions,
    member_id          uuid not null,
    primary key (support_session_id, member_id)
);
create index support_session_members_by_member on support_session_members (member_id);

-- Mentoring pairs: started and ended may arrive in either order; each fills what it knows.
create table mentoring_pairs (
    pairing_id   uuid primary key,
    started_on   date not null,
    ended_on     date
);
