-- Figures as published (after disclosure control), computed ahead by the refresher so a query is a key lookup.
-- care_group and category are '' for the whole trust and the metric's total.
create sequence metric_value_sequence;

create table metric_values (
    metric         text not null,
    financial_year int not null,
    quarter        int not null,
    care_group     text not null,
    category       text not null,
    status         text not null,
    value          text not null,
    number         double precision,
    exact          boolean not null,
    sequence       bigint not null,
    primary key (metric, financial_year, quarter, care_group, category)
);
create index metric_values_by_sequence on metric_values (sequence);

-- Read-model changes not yet reflected in metric_values: written in each consumer's transaction, taken (deleted)
-- by the refresher in the transaction that recomputes, so a change is never lost between the two.
create table metric_changes (
    id            bigint generated always as identity primary key,
    area          text not null,
    affects_from  date not null
);

-- Services reporting has heard from: a metric whose service never published anything says "not deployed".
create table services_seen (
    service        text primary key,
    first_seen_at  timestamptz not null
);
