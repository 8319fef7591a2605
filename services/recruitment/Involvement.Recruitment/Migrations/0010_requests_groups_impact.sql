-- Involvement requests (the six questions) and their assessment.
create table involvement_requests (
    request_id   uuid primary key,
    content      jsonb not null,
    status       text not null,
    assessment   jsonb,
    submitted_by text not null,
    submitted_at timestamptz not null,
    version      bigint not null
);
create index ix_involvement_requests_status on involvement_requests (status, request_id);
create index ix_opportunities_request on opportunities ((content->>'involvementRequestId')) where content ? 'involvementRequestId';

-- The map of community groups and the log of engagements with them.
create table community_groups (
    group_id           uuid primary key,
    content            jsonb not null,
    name               text not null,
    locality           text,
    communities_served text[] not null,
    created_at         timestamptz not null,
    version            bigint not null
);
create index ix_community_groups_name on community_groups (lower(name), group_id);

create table community_engagements (
    engagement_id uuid primary key,
    group_id      uuid not null references community_groups (group_id),
    occurred_on   date not null,
    kind          text not null,
    summary       text not null,
    follow_up     text,
    logged_by     text not null,
    logged_at     timestamptz not null
);
create index ix_community_engagements_group on community_engagements (group_id, engagement_id desc);

-- Impact: outcomes against those intended, feedback given back, and participants' questionnaires.
create table opportunity_outcomes (
    opportunity_id  uuid primary key references opportunities (opportunity_id),
    outcomes        jsonb not null,
    difference_made text not null,
    recorded_at     timestamptz not null,
    recorded_by     text not null,
    version         bigint not null
);

create table opportunity_feedback (
    feedback_id    uuid primary key,
    opportunity_id uuid not null references opportunities (opportunity_id),
    we_said        text not null,
    we_did         text not null,
    given_on       date not null,
    given_by       text not null
);
create index ix_opportunity_feedback on opportunity_feedback (opportunity_id, given_on);

create table questionnaires (
    opportunity_id        uuid not null references opportunities (opportunity_id),
    member_id             uuid not null references members (member_id) on delete cascade,
    felt_valued           int not null,
    influence             int not null,
    support               int not null,
    would_take_part_again boolean not null,
    comments              text,
    submitted_at          timestamptz not null,
    primary key (opportunity_id, member_id)
);
