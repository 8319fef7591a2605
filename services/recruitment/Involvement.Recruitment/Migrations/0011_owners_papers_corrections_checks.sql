-- Opportunities have an owner (the project lead who runs them), can be closed or cancelled, and record when each
-- session's papers went out. Attendance can be corrected by the PPI team, with the reason.
alter table opportunities
    add column owner text,
    add column closed_at timestamptz,
    add column cancelled_at timestamptz,
    add column cancellation_reason text;
create index ix_opportunities_owner on opportunities (owner, opportunity_id);

alter table opportunity_sessions add column papers_sent_at timestamptz;
create index ix_opportunity_sessions_papers_unsent on opportunity_sessions (papers_due_on) where papers_sent_at is null;

alter table attendance
    add column correction_reason text,
    add column corrected_at timestamptz,
    add column corrected_by text;

-- Every stored state is one the code knows; anything else is refused at write time, not read back as "unspecified".
alter table members add constraint ck_members_status check (status in ('applicant', 'active', 'paused', 'left'));
alter table members add constraint ck_members_lived_experience_type
    check (lived_experience_type in ('service_user', 'carer', 'family_member', 'public'));
alter table member_status_history add constraint ck_member_status_history_status check (status in ('applicant', 'active', 'paused', 'left'));
alter table member_level_history add constraint ck_member_level_history_level check (level between 1 and 7);
alter table scheme_memberships add constraint ck_scheme_memberships_scheme
    check (scheme in ('patient_partner', 'hospital_improver', 'expert_by_experience', 'volunteer', 'peer_worker'));
alter table opportunities add constraint ck_opportunities_status check (status in ('draft', 'published', 'closed', 'cancelled'));
alter table participants add constraint ck_participants_state
    check (state in ('invited', 'interested', 'selected', 'reserve', 'not_selected', 'withdrawn'));
alter table attendance add constraint ck_attendance_hours check (hours >= 0 and hours <= 24 and (attended or hours = 0));
alter table training_completions add constraint ck_training_completions_source check (source in ('training_service', 'by_hand'));
alter table involvement_requests add constraint ck_involvement_requests_status check (status in ('submitted', 'approved', 'declined'));
alter table community_engagements add constraint ck_community_engagements_kind check (kind in ('meeting', 'event', 'correspondence', 'outreach'));
alter table questionnaires add constraint ck_questionnaires_scores
    check (felt_valued between 1 and 5 and influence between 1 and 5 and support between 1 and 5);

-- The last line of defence for erasure: no event about an erased member enters the outbox, except the erasure's own.
-- Every write path checks first (MemberGuard) and answers FAILED_PRECONDITION; reaching this is a bug.
create function refuse_events_about_erased_members() returns trigger language plpgsql as $$
begin
    if new.payload ? 'memberId'
       and new.message_type <> 'Involvement.Contracts.Recruitment.MemberErased'
       and exists (select 1 from members where member_id = (new.payload->>'memberId')::uuid and erased_at is not null) then
        raise exception 'event % about erased member % refused', new.message_type, new.payload->>'memberId'
            using errcode = 'P0001';
    end if;
    return new;
end $$;
create trigger outbox_refuses_erased_members before insert on outbox_messages
    for each row execute function refuse_events_about_erased_members();

-- Impact: feedback the PPI team agrees may be published, and a version for the opportunity's impact record.
alter table opportunity_feedback add column publishable boolean not null default false;
alter table opportunities add column impact_version bigint not null default 0;

-- Equality snapshots taken: their version, and when, so a schedule across replicas takes one per interval.
create table equality_snapshots (
    version      bigint generated always as identity primary key,
    taken_at     timestamptz not null,
    scheduled    boolean not null,
    period_start date not null,
    period_end   date not null
);

-- Patient Partner reviews say whether they were satisfactory: only a satisfactory one by year three opens years four to six.
alter table scheme_memberships add column review_satisfactory boolean;
