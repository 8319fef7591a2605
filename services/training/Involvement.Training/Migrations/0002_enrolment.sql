-- Enrolment and attendance: who has a place on a session (or is waiting for one), and who came on each day.

-- One live enrolment per learner and session; a cancelled one stays as history, and the learner may enrol again.
create table enrolments (
    enrolment_id   uuid primary key,
    session_id     uuid not null references training_sessions (session_id),
    learner_id     uuid not null references learners (learner_id),
    state          text not null check (state in ('enrolled', 'waiting', 'cancelled')),
    -- the waiting list's order: first asked, first promoted
    requested_at   timestamptz not null,
    -- when the learner got a place: on asking, or when promoted from the waiting list
    enrolled_at    timestamptz,
    cancelled_at   timestamptz,
    version        bigint not null,
    created_at     timestamptz not null,
    created_by     text not null,
    updated_at     timestamptz not null,
    updated_by     text not null,
    check ((state = 'cancelled') = (cancelled_at is not null))
);
create unique index ux_enrolments_live on enrolments (session_id, learner_id) where state <> 'cancelled';
create index ix_enrolments_waiting on enrolments (session_id, requested_at, enrolment_id) where state = 'waiting';
create index ix_enrolments_learner on enrolments (learner_id, enrolment_id);

-- The register: per session day, whether each enrolled learner came. Correctable until the session is held. Not tied
-- to session_days by a foreign key: days are replaced (deleted and inserted) while a session is still scheduled.
create table attendance (
    session_id   uuid not null references training_sessions (session_id),
    day_number   integer not null check (day_number >= 1),
    learner_id   uuid not null references learners (learner_id),
    attended     boolean not null,
    recorded_at  timestamptz not null,
    recorded_by  text not null,
    primary key (session_id, day_number, learner_id)
);
create index ix_attendance_learner on attendance (learner_id);
