-- The date finance paid a claim (the run's paid_on), which statements and the data export go by; paid_at stays the
-- instant the run was confirmed.
alter table claims add column paid_on date;
update claims c set paid_on = r.paid_on
from payment_run_claims rc join payment_runs r on r.payment_run_id = rc.payment_run_id
where rc.claim_id = c.claim_id and rc.returned_at is null and r.state = 'confirmed' and c.state = 'paid';
