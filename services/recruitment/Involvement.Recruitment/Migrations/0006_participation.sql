-- Who takes part in each opportunity, and attendance per session (what payments pays for).
create table participants (
    opportunity_id           uuid not null references opportunities (opportunity_id),
    member_id                uuid not null references members (member_id) on delete cascade,
    state                    text not null,
    invited_at               timestamptz,
    invited_through_outreach boolean not null default false,
    interested_at            timestamptz,
    decided_at               timestamptz,
    decision_reason          text,
    withdrawn_at             timestamptz,
    withdrawal_reason        text,
    created_at               timestamptz not null,
    version                  bigint not null,
    primary key (opportunity_id, member_id)
);
create index ix_participants_member on participants (member_id, opportunity_id);
create index ix_participants_reserves on participants (opportunity_id, decided_at) where state = 'reserve';

-- One row per member and session: the key is what makes ParticipationRecorded happen once.
create table attendance (
    session_id     uuid not null references opportunity_sessions (session_id),
    member_id      uuid not null references members (member_id) on delete cascade,
    opportunity_id uuid not null,
    attended       boolean not null,
    hours          numeric(4, 2) not null,
    recorded_at    timestamptz not null,
    recorded_by    text not null,
    primary key (session_id, member_id),
    foreign key (opportunity_id, member_id) references participants (opportunity_id, member_id) on delete cascade
);
