-- Every event a reporting consumer applied, in the order applied, with personal fields removed (see
-- Rebuild/EventJournal.cs): the rebuild command empties the read models and replays this through every consumer,
-- so a new metric can be back-filled. One row per event, whichever consumers applied it.
create table event_journal (
    position      bigint generated always as identity primary key,
    event_type    text not null,
    event_id      uuid not null,
    affects_from  date not null,
    payload       jsonb not null,
    journaled_at  timestamptz not null,
    unique (event_type, event_id)
);
