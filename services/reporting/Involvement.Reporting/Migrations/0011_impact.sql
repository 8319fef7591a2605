-- Impact: outcomes and feedback per opportunity (latest ImpactRecorded), questionnaire scores (no member ids) and
-- involvement requests (no free text).
create table impact (
    opportunity_id    uuid primary key,
    intended_outcomes int not null,
    outcomes_recorded boolean not null,
    feedback_given    int not null,
    first_feedback_on date,
    version           bigint not null
);

-- "We said, we did" the PPI team marked publishable, as the latest ImpactRecorded of the opportunity lists it: feedback
-- no longer listed there is deleted. The board report reads this table. opportunity_title is null until the
-- opportunity's publication has arrived.
create table published_feedback (
    feedback_id       uuid primary key,
    opportunity_id    uuid not null,
    opportunity_title text,
    given_on          date not null,
    we_said           text not null,
    we_did            text not null,
    version           bigint not null
);
create index published_feedback_by_opportunity on published_feedback (opportunity_id);

create table questionnaires (
    event_id              uuid primary key,
    opportunity_id        uuid not null,
    submitted_on          date not null,
    felt_valued           int not null,
    influence             int not null,
    support               int not null,
    would_take_part_again boolean not null
);
create index questionnaires_by_date on questionnaires (submitted_on);

-- submitted_on from InvolvementRequestSubmitted or the submittedAt InvolvementRequestAssessed repeats; assessed_on
-- from InvolvementRequestAssessed. Each is filled by whichever event arrives, in any order.
create table involvement_requests (
    request_id   uuid primary key,
    submitted_on date,
    assessed_on  date,
    approved     boolean
);
