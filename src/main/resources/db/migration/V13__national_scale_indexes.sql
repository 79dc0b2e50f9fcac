-- Tables a national programme read whole for one row, found by the benchmark (docs/benchmarks.md): a plan's
-- training actions were read by scanning every plan's (PostgreSQL does not index a foreign key by itself), and a
-- delegate's waived sessions by scanning every decision.
create index training_action_plan_version on training_action (plan_version_id);
create index delegate_decision_setting on delegate_decision (programme_id, setting_id);
