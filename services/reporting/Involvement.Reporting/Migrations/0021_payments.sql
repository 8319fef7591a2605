-- Reporting's read models of payments, built only from payments' events. Ids, codes, dates and amounts: no names,
-- no bank details, no free text.

-- Claims: each event fills the facts it carries, so any order of arrival ends the same. A claim is paid once.
create table payment_claims (
    claim_id       uuid primary key,
    member_id      uuid not null,
    submitted_on   date,
    due_on         date,
    rejected_on    date,
    paid_on        date,
    paid_on_time   boolean,
    fees_pence     bigint,
    expenses_pence bigint
);
create index payment_claims_by_paid_on on payment_claims (paid_on);

-- What each paid claim reimbursed per expense category and charged per cost centre (from ClaimPaid).
create table payment_claim_expenses (
    claim_id  uuid not null references payment_claims,
    category  text not null,
    pence     bigint not null,
    primary key (claim_id, category)
);
create table payment_claim_cost_centres (
    claim_id     uuid not null references payment_claims,
    cost_centre  text not null,
    pence        bigint not null,
    primary key (claim_id, cost_centre)
);

-- Budget allocations per cost centre and financial year (BudgetAllocated, and BudgetThresholdReached which carries
-- the allocation too): the highest budget version wins.
create table payment_budgets (
    cost_centre     text not null,
    financial_year  int not null,
    allocated_pence bigint not null,
    version         bigint not null,
    primary key (cost_centre, financial_year)
);

-- Every payment preference a payee has had, by version, with the UK date it changed: the preference at the end of
-- a period is the highest version changed on or before its last day.
create table payment_preferences (
    member_id   uuid not null,
    version     bigint not null,
    preference  text not null,
    changed_on  date not null,
    primary key (member_id, version)
);
