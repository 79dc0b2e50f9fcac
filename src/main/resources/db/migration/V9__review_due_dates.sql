-- Review tasks are due a number of working days (Monday to Friday) after a plan is submitted: the
-- programme sets it, 10 unless it says otherwise. Portable SQL: runs on H2 and PostgreSQL.

alter table programme add column review_working_days int not null default 10;
