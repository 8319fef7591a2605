-- Certificates: what a learner completed and until when it is valid. Enrolment reads the current, valid ones for
-- prerequisites; the expiry sweep publishes TrainingRenewalDue and TrainingExpired from them.

create sequence certificate_numbers;

create table certificates (
    certificate_id            uuid primary key,
    number                    text not null unique,          -- TC-000001
    learner_id                uuid not null,                 -- a member's id, or a member of staff's learner id
    -- kept here so the sweep knows whom to tell (members) without a join; a by-hand completion may name a member
    -- training has not heard of yet, so there is no foreign key to learners
    learner_kind              text not null check (learner_kind in ('member', 'staff')),
    -- no foreign key either: a completion recorded by hand in recruitment may name a module training does not run
    module_code               text not null,
    session_id                uuid references training_sessions (session_id),
    completed_on              date not null,
    -- the first day the certificate is no longer valid; null: never expires
    expires_on                date,
    -- the renewal (or later completion) that replaced this one; a superseded certificate never lapses on its own.
    -- Checked at commit: the current certificate is marked before its successor is written (one current at a time).
    superseded_by             uuid references certificates (certificate_id) deferrable initially deferred,
    source                    text not null check (source in ('session', 'by_hand')),
    -- the CompletionRecordedByHand event a by-hand certificate came from
    source_event_id           uuid unique,
    issued_at                 timestamptz not null,
    issued_by                 text not null,
    renewal_due_published_at  timestamptz,
    expiry_published_at       timestamptz,
    check ((source = 'session') = (session_id is not null)),
    check ((source = 'by_hand') = (source_event_id is not null)),
    check (expires_on is null or expires_on >= completed_on),
    check (superseded_by is null or superseded_by <> certificate_id)
);

-- One current certificate per learner and module: a new one supersedes the current one in the same transaction.
create unique index ux_certificates_current on certificates (learner_id, module_code) where superseded_by is null;
-- A session certifies each learner once.
create unique index ux_certificates_session_learner on certificates (session_id, learner_id) where session_id is not null;
create index ix_certificates_learner on certificates (learner_id, module_code, completed_on);
create index ix_certificates_module on certificates (module_code, expires_on);
create index ix_certificates_expires on certificates (expires_on) where superseded_by is null and expires_on is not null;

-- What the sweep still has to publish: only members' current certificates that expire, until both events are out.
create index ix_certificates_expiry_pending on certificates (expires_on)
    where learner_kind = 'member' and superseded_by is null and expires_on is not null and expiry_published_at is null;
create index ix_certificates_renewal_pending on certificates (expires_on)
    where learner_kind = 'member' and superseded_by is null and expires_on is not null
      and renewal_due_published_at is null and expiry_published_at is null;
