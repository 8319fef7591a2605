-- Paid training sessions are paid from training's TrainingAttendanceRecorded: each session is kept as the opportunity
-- its fee lines belong to (for its cost centre and title), and, never published in recruitment, it has no publication
-- date: a null published_on prices each fee by the rate card version in force on the session's date.
alter table opportunities alter column published_on drop not null;
