-- The involvement pool.
create table members (
    member_id                 uuid primary key,
    given_name                text not null,
    family_name               text not null,
    preferred_name            text,
    display_name              text not null,
    lived_experience_type     text not null,
    involvement_level         int not null check (involvement_level between 1 and 7),
    status                    text not null,
    email                     text,
    phone                     text,
    consent_to_hold_data_at   timestamptz not null,
    registered_at             timestamptz not null,
    version                   bigint not null
);
