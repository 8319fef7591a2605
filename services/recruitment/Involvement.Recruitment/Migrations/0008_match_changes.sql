-- Matching ranks from an in-memory copy of the pool. Every change that can move a member's place notes the member
-- here with its transaction id; a matcher catches up by reading the notes at or after the oldest transaction
-- still running when it last looked (pg_snapshot_xmin), so no commit is missed, whatever order commits land in.
create table match_changes (
    member_id   uuid primary key,
    changed_xid xid8 not null
);
create index ix_match_changes_xid on match_changes (changed_xid);

create function note_match_change() returns trigger language plpgsql as $$
declare
    changed uuid := case when tg_op = 'DELETE' then old.member_id else new.member_id end;
begin
    insert into match_changes (member_id, changed_xid) values (changed, pg_current_xact_id())
    on conflict (member_id) do update set changed_xid = excluded.changed_xid;
    return null;
end $$;

create trigger members_match_change after insert or update on members
    for each row execute function note_match_change();
create trigger schemes_match_change after insert or update or delete on scheme_memberships
    for each row execute function note_match_change();
create trigger equality_match_change after insert or update or delete on equality_monitoring
    for each row execute function note_match_change();
create trigger completions_match_change after insert or update or delete on training_completions
    for each row execute function note_match_change();
create trigger participants_match_change after insert or update or delete on participants
    for each row execute function note_match_change();
create trigger attendance_match_change after insert or update or delete on attendance
    for each row execute function note_match_change();

-- A session moving month can push its seat holders over the monthly cap.
create function note_session_match_change() returns trigger language plpgsql as $$
begin
    insert into match_changes (member_id, changed_xid)
    select p.member_id, pg_current_xact_id() from participants p
    where p.opportunity_id = coalesce(new.opportunity_id, old.opportunity_id) and p.state = 'selected'
    on conflict (member_id) do update set changed_xid = excluded.changed_xid;
    return null;
end $$;

create trigger sessions_match_change after insert or update or delete on opportunity_sessions
    for each row execute function note_session_match_change();

-- Everything matching needs about one member. Outreach answers are given only where the member consented.
create view match_profiles as
select m.member_id,
       m.display_name,
       m.status,
       m.involvement_level,
       cardinality(m.invitation_channels) > 0 as contactable,
       m.care_group,
       m.locality,
       m.interests,
       m.services_used::text as services_used,
       (select min(s.started_on) from scheme_memberships s
         where s.member_id = m.member_id and s.scheme = 'patient_partner' and s.ended_on is null) as patient_partner_since,
       coalesce((select jsonb_agg(jsonb_build_object('module', c.module_code, 'expires', c.expires_on, 'expired', c.expired))
         from training_completions c where c.member_id = m.member_id), '[]')::text as completions,
       (select max(os.starts_at) from attendance a join opportunity_sessions os on os.session_id = a.session_id
         where a.member_id = m.member_id and a.attended) as last_involved_at,
       coalesce((select jsonb_agg(jsonb_build_object('opportunity', os.opportunity_id, 'starts', os.starts_at))
         from participants p join opportunity_sessions os on os.opportunity_id = p.opportunity_id
         where p.member_id = m.member_id and p.state = 'selected'), '[]')::text as committed_sessions,
       case when e.consent_to_outreach then e.answers::text end as outreach_answers
from members m
left join equality_monitoring e on e.member_id = m.member_id;
