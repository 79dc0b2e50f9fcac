-- A training plan's written answers hold up to 10,000 characters (several pages): a longer answer is refused
-- with the field named, never cut.
alter table training_plan_version alter column identified_needs set data type varchar(10000);
alter table training_plan_version alter column expected_outcomes set data type varchar(10000);
alter table training_plan_version alter column cascading_plan set data type varchar(10000);
