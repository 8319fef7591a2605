-- Payment policy: rate cards (the rateReference opportunities offer) and their dated versions.
create table rate_cards (
    reference  text primary key,
    kind       text not null check (kind in ('volunteer', 'contributor', 'co_producer')),
    title      text not null,
    version    bigint not null,
    created_at timestamptz not null,
    created_by text not null,
    updated_at timestamptz not null,
    updated_by text not null
);

-- A version is in force from its effective date (Europe/London) until the next one.
create table rate_card_versions (
    reference         text not null references rate_cards (reference),
    effective_from    date not null,
    unit              text not null check (unit in ('none', 'session', 'hour', 'half_day', 'day')),
    amount_pence      bigint not null check (amount_pence >= 0),
    monthly_unit_cap  integer check (monthly_unit_cap > 0),
    created_at        timestamptz not null,
    created_by        text not null,
    primary key (reference, effective_from)
);

-- What payments knows of published opportunities, from recruitment's events: where fees are charged and when the
-- offer was made (a fee never pays less than the rate in force when the opportunity was published).
create table opportunities (
    opportunity_id   uuid primary key,
    title            text not null,
    kind             text not null,
    cost_centre      text not null,
    rate_reference   text not null,
    role_type        text not null,
    published_on     date not null,
    cancelled        boolean not null default false,
    event_version    bigint not null,
    updated_at       timestamptz not null
);

-- Sessions of those opportunities (their UK date decides the rate version and the calendar month of a cap).
create table opportunity_sessions (
    session_id     uuid primary key,
    opportunity_id uuid not null references opportunities (opportunity_id),
    starts_at      timestamptz not null,
    ends_at        timestamptz not null
);
create index ix_opportunity_sessions_opportunity on opportunity_sessions (opportunity_id);

-- Each event type has its own queue, so a cancellation can overtake the publication it cancels: remembered here, a late
-- OpportunityPublished still lands as cancelled. Cancellations of opportunities never published are not kept.
create table opportunity_cancellations (
    opportunity_id uuid primary key,
    event_version  bigint not null,
    cancelled_at   timestamptz not null
);

-- One fee per participation: the unique key on (participation_id, adjustment) is what makes a redelivered or replayed
-- ParticipationRecorded create nothing new. adjustment 0 is the fee itself; 1, 2, ... reverse or top up a fee that
-- was already paid when ParticipationCorrected arrived.
create table fee_lines (
    fee_line_id          uuid primary key,
    participation_id     uuid not null,
    adjustment           integer not null default 0 check (adjustment >= 0),
    member_id            uuid not null,
    opportunity_id       uuid not null,
    session_id           uuid not null,
    session_starts_at    timestamptz not null,
    session_date         date not null,
    role_type            text not null,
    rate_reference       text not null,
    hours                numeric(5, 2) not null check (hours >= 0),
    units                numeric(6, 2) not null default 0,
    rate_effective_from  date,
    amount_pence         bigint not null default 0,
    cost_centre          text not null,
    -- held: waiting on a reason below; payable: can join a claim; declined: the member declines payment (counted as
    -- the value of their involvement, never paid); void: corrected to not attended before it was paid.
    state                text not null check (state in ('held', 'payable', 'declined', 'void')),
    hold_reason          text check (hold_reason in ('unknown_rate', 'unknown_member', 'over_monthly_cap')),
    cap_override_reason  text,
    cap_override_by      text,
    cap_override_at      timestamptz,
    resolved_by          text,
    resolved_at          timestamptz,
    participation_version bigint not null,
    claim_id             uuid,
    -- rises with every change, for optimistic concurrency on the RPCs that change a line (cap override)
    version              bigint not null default 1,
    created_at           timestamptz not null,
    updated_at           timestamptz not null,
    constraint uq_fee_lines_participation unique (participation_id, adjustment),
    check ((state = 'held') = (hold_reason is not null))
);
create index ix_fee_lines_member on fee_lines (member_id, session_date);
-- a monthly cap is counted over one member's lines for one card in one month
create index ix_fee_lines_cap on fee_lines (member_id, rate_reference, session_date);
create index ix_fee_lines_held on fee_lines (created_at) where state = 'held';
create index ix_fee_lines_unclaimed on fee_lines (member_id) where state = 'payable' and claim_id is null;
create index ix_fee_lines_claim on fee_lines (claim_id) where claim_id is not null;
create index ix_fee_lines_opportunity on fee_lines (opportunity_id);
create index ix_fee_lines_rate_held on fee_lines (rate_reference) where state = 'held';
