-- When a member's personal data was erased (the row stays, identifying no one, so counts still add up).
alter table members add column erased_at timestamptz;
