package org.coachgrant.system;

import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Indexes on Camunda's tables that Camunda does not create and a national programme needs:
 * <ul>
 * <li>the email of its users: enrolment asks for the account of every manager's address, and without it each row
 * of an import would read every user;</li>
 * <li>a task's parent task: completing or deleting any task looks for its subtasks, and without it every completion
 * read every waiting task (10,000 plans waiting: a scan of the whole table per completion);</li>
 * <li>a job's due date: every job executor acquisition asks for the jobs due now, in due-date order
 * (application.yaml, {@code job-executor-acquire-by-due-date}); jobs created before every job had a due date get
 * their creation time, once.</li>
 * </ul>
 * Camunda creates its tables when the engine is built, after which (hence the engine as a dependency) the indexes are
 * added once; both H2 and PostgreSQL know {@code if not exists}.
 */
@Component
class EngineIndexes {

  EngineIndexes(ProcessEngine engine, JdbcClient jdbc) {
    jdbc.sql("create index if not exists coachgrant_user_email on ACT_ID_USER (EMAIL_)").update();
    jdbc.sql("create index if not exists coachgrant_task_parent on ACT_RU_TASK (PARENT_TASK_ID_)").update();
    jdbc.sql("create index if not exists coachgrant_job_due on ACT_RU_JOB (DUEDATE_)").update();
    jdbc.sql("update ACT_RU_JOB set DUEDATE_ = coalesce(CREATE_TIME_, current_timestamp) where DUEDATE_ is null").update();
  }
}
