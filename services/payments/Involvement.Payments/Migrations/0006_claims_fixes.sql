-- Everyone who answered a claim's query resubmitted it, so none of them may approve it; query_answered_by keeps only
-- the latest.
alter table claims add column query_answerers text[] not null default '{}';
update claims set query_answerers = array[query_answered_by] where query_answered_by is not null;

-- Finance lists reversing fee lines (negative corrections after payment) that no paid claim has recovered yet.
create index ix_fee_lines_reversals on fee_lines (member_id) where amount_pence < 0;
