-- The catalogue: modules, the people training knows (learners), sessions (cohorts) with their days and
-- facilitators, and the resources people were given.

-- A module's code is what opportunities name as a prerequisite (e.g. intro-participation): lower-case words joined by hyphens.
create table modules (
    code                 text primary key,
    title                text not null,
    summary              text not null default '',
    audience             text not null check (audience in ('service_users_and_carers', 'staff', 'both')),
    mode                 text not null check (mode in ('in_person', 'online', 'e_learning', 'blended')),
    duration_minutes     integer not null check (duration_minutes between 1 and 100000),
    -- null: a completion never expires
    validity_months      integer check (validity_months between 1 and 120),
    -- days before expiry within which a renewal extends the certificate from its expiry, without a gap
    renewal_window_days  integer not null default 0 check (renewal_window_days between 0 and 366),
    status               text not null check (status in ('pilot', 'active', 'retired')),
    version              bigint not null,
    created_at           timestamptz not null,
    created_by           text not null,
    updated_at           timestamptz not null,
    updated_by           text not null
);

create table module_prerequisites (
    module_code        text not null references modules (code),
    prerequisite_code  text not null references modules (code),
    primary key (module_code, prerequisite_code),
    check (module_code <> prerequisite_code)
);
create index ix_module_prerequisites_prerequisite on module_prerequisites (prerequisite_code);

-- Everyone training trains, mentors or supports. A member's learner id IS their member id (their name comes from
-- known_members); staff have a reference and a name only, never a member record.
create table learners (
    learner_id       uuid primary key,
    kind             text not null check (kind in ('member', 'staff')),
    staff_reference  text unique,
    staff_name       text,
    version          bigint not null,
    created_at       timestamptz not null,
    created_by       text not null,
    updated_at       timestamptz not null,
    updated_by       text not null,
    -- a member erased (MemberErased): what is kept stays, anonymous; nothing new is recorded about them
    erased_at        timestamptz,
    check ((kind = 'staff') = (staff_reference is not null)),
    check ((kind = 'staff') = (staff_name is not null))
);

-- A cohort of a module. Times are instants; UK dates and times are derived with Europe/London.
create table training_sessions (
    session_id      uuid primary key,
    module_code     text not null references modules (code),
    venue           text not null,            -- a place, or how to join online
    online          boolean not null,
    capacity        integer not null check (capacity between 1 and 1000),
    -- optional payment: the rate card attending is paid from, and where it is charged
    rate_reference  text,
    cost_centre     text,
    state           text not null check (state in ('scheduled', 'held', 'cancelled')),
    held_at         timestamptz,
    cancelled_at    timestamptz,
    cancel_reason   text,                     -- about the session (the venue closed), never about a person
    version         bigint not null,
    created_at      timestamptz not null,
    created_by      text not null,
    updated_at      timestamptz not null,
    updated_by      text not null
);
create index ix_training_sessions_module on training_sessions (module_code);

-- The days a session meets (1, 2, ...); attendance is recorded per day.
create table session_days (
    session_id  uuid not null references training_sessions (session_id) on delete cascade,
    day_number  integer not null check (day_number >= 1),
    starts_at   timestamptz not null,
    ends_at     timestamptz not null,
    primary key (session_id, day_number),
    check (ends_at > starts_at)
);
create index ix_session_days_starts on session_days (starts_at);

-- Who facilitates: co-facilitation needs an expert by experience and an expert by training.
create table session_facilitators (
    session_id  uuid not null references training_sessions (session_id) on delete cascade,
    learner_id  uuid not null references learners (learner_id),
    expertise   text not null check (expertise in ('expert_by_experience', 'expert_by_training')),
    primary key (session_id, learner_id)
);
create index ix_session_facilitators_learner on session_facilitators (learner_id);

-- Resources a person was given (trust induction access, the information pack, the jargon buster).
create table resources_given (
    resource_given_id  uuid primary key,
    learner_id         uuid not null references learners (learner_id),
    resource           text not null check (resource in ('information_pack', 'jargon_buster', 'trust_induction_access')),
    given_on           date not null,
    recorded_at        timestamptz not null,
    recorded_by        text not null
);
create index ix_resources_given_learner on resources_given (learner_id, given_on);
