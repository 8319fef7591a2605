-- Targets a trust sets per metric and financial year: quarter 0 is the end-of-year target, 1-4 a milestone by the
-- end of that quarter. baseline (null when unset) is where a position or share started the year.
create table targets (
    metric         text not null,
    financial_year int not null,
    quarter        int not null,
    value          double precision not null,
    baseline       double precision,
    version        bigint not null,
    primary key (metric, financial_year, quarter)
);
