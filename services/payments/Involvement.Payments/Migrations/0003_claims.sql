create sequence claim_numbers;

-- A claim gathers a member's fee and expense lines and goes draft -> submitted -> approved | queried | rejected ->
-- in_run -> paid.
create table claims (
    claim_id          uuid primary key,
    reference         text not null unique,
    member_id         uuid not null,
    state             text not null check (state in ('draft', 'submitted', 'queried', 'approved', 'rejected', 'in_run', 'paid')),
    payment_method    text check (payment_method in ('bank_transfer', 'vouchers')),
    created_at        timestamptz not null,
    created_by        text not null,
    submitted_at      timestamptz,
    submitted_by      text,
    due_on            date,
    approved_at       timestamptz,
    approved_by       text,
    rejected_at       timestamptz,
    rejected_by       text,
    rejection_reason  text,
    query             text,
    queried_at        timestamptz,
    queried_by        text,
    query_answer      text,
    query_answered_at timestamptz,
    -- whoever answers a query submits the claim again, so they may not approve it either
    query_answered_by text,
    paid_at           timestamptz,
    version           bigint not null
);
create index ix_claims_member on claims (member_id, created_at);
create index ix_claims_state on claims (state, submitted_at);
create index ix_claims_due on claims (due_on) where state in ('submitted', 'queried', 'approved', 'in_run');

alter table fee_lines add constraint fk_fee_lines_claim foreign key (claim_id) references claims (claim_id);

-- Out-of-pocket expenses. Travel the trust books in advance is recorded with booked_by_trust: nothing is reimbursed.
create table expense_lines (
    expense_line_id    uuid primary key,
    claim_id           uuid not null references claims (claim_id),
    category           text not null check (category in ('mileage', 'fare', 'parking', 'childcare', 'replacement_care',
                                                          'personal_assistant', 'subsistence', 'sundries')),
    opportunity_id     uuid,
    session_id         uuid,
    incurred_on        date not null,
    vehicle            text check (vehicle in ('car', 'motorcycle', 'bicycle')),
    miles              numeric(8, 1),
    passengers         integer,
    amount_pence       bigint not null check (amount_pence >= 0),
    receipt_reference  text,
    booked_by_trust    boolean not null default false,
    cost_centre        text not null,
    created_at         timestamptz not null,
    created_by         text not null
);
create index ix_expense_lines_claim on expense_lines (claim_id);
create index ix_expense_lines_cost_centre on expense_lines (cost_centre, claim_id);
