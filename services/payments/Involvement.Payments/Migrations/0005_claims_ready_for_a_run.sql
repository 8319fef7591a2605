-- Opening a payment run looks for approved claims of one method up to a cut-off.
create index ix_claims_approved_for_run on claims (payment_method, approved_at) where state = 'approved';
