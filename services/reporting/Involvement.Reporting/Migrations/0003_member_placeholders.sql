-- A change can arrive before the member's registration (events are not ordered). It is kept on a placeholder row:
-- registered_at, lived_experience_type and the fact the change did not carry stay null (their version 0) until the
-- registration fills them. Only registered members are counted.
alter table members
    alter column lived_experience_type drop not null,
    alter column involvement_level drop not null,
    alter column registered_at drop not null,
    alter column status drop not null,
    alter column status drop default;
