-- Recruitment's aggregate equality snapshots: the latest (highest version) per NHS quarter, counts only, never
-- anything about one person. pool and involved are arrays of {question, answer, members}.
create table equality_snapshots (
    financial_year   int not null,
    quarter          int not null,
    version          bigint not null,
    taken_at         timestamptz not null,
    pool_members     int not null,
    involved_members int not null,
    pool             jsonb not null,
    involved         jsonb not null,
    primary key (financial_year, quarter)
);
