-- Reporting's read model of the pool, built only from recruitment's events. No names, no contact details.
create table members (
    member_id             uuid primary key,
    lived_experience_type text not null,
    involvement_level     int not null,
    registered_at         timestamptz not null,
    member_version        bigint not null
);
