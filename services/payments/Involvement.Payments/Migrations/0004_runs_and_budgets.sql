create sequence payment_run_numbers;

-- Finance opens a run for one method with a cut-off; approved claims up to the cut-off join it.
create table payment_runs (
    payment_run_id  uuid primary key,
    reference       text not null unique,
    method          text not null check (method in ('bank_transfer', 'vouchers')),
    cut_off         timestamptz not null,
    state           text not null check (state in ('open', 'confirmed')),
    opened_at       timestamptz not null,
    opened_by       text not null,
    confirmed_at    timestamptz,
    confirmed_by    text,
    paid_on         date,
    version         bigint not null,
    check ((state = 'confirmed') = (confirmed_at is not null and paid_on is not null))
);

-- The claims in a run. A claim is in at most one live run: a returned line leaves its run and joins the next.
create table payment_run_claims (
    payment_run_id  uuid not null references payment_runs (payment_run_id),
    claim_id        uuid not null references claims (claim_id),
    amount_pence    bigint not null,
    returned_at     timestamptz,
    returned_by     text,
    returned_reason text,
    primary key (payment_run_id, claim_id)
);
create unique index uq_payment_run_claims_live on payment_run_claims (claim_id) where returned_at is null;
create index ix_payment_run_claims_claim on payment_run_claims (claim_id);

-- Every export of a run (the only place bank details are read in clear): who, when, which run.
create table payment_run_exports (
    export_id       uuid primary key,
    payment_run_id  uuid not null references payment_runs (payment_run_id),
    exported_at     timestamptz not null,
    exported_by     text not null
);
create index ix_payment_run_exports_run on payment_run_exports (payment_run_id);

-- Budgets per cost centre and NHS financial year (named by the year it starts in).
create table budgets (
    cost_centre      text not null,
    financial_year   integer not null,
    allocated_pence  bigint not null check (allocated_pence >= 0),
    version          bigint not null,
    updated_at       timestamptz not null,
    updated_by       text not null,
    primary key (cost_centre, financial_year)
);

-- A warning share reached, so BudgetThresholdReached is published once per budget and share.
create table budget_thresholds_reached (
    cost_centre     text not null,
    financial_year  integer not null,
    percent         integer not null,
    reached_at      timestamptz not null,
    primary key (cost_centre, financial_year, percent)
);
