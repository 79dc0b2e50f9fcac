package org.coachgrant.programme;

import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * An index on the email of Camunda's users, which Camunda does not have: enrolment asks for the account
 * of every manager's address, and without it each row of an import would read every user. Camunda
 * creates its tables when the engine is built, after which (hence the engine as a dependency) the
 * index is added once; both H2 and PostgreSQL know {@code if not exists}.
 */
@Component
class UserEmailIndex {

  UserEmailIndex(ProcessEngine engine, JdbcClient jdbc) {
    jdbc.sql("create index if not exists coachgrant_user_email on ACT_ID_USER (EMAIL_)").update();
  }
}
