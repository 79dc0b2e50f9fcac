package org.coachgrant.task;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.coachgrant.time.EngineTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Forms saved half-filled, one per task and person ({@code task_draft}): what the form showed, as JSON. */
@Repository
class TaskDrafts {

  /** Far more than any form holds (a plan of 20 actions and two long answers is under 20,000). */
  static final int MAX_CHARACTERS = 100_000;

  record Draft(String data, Instant savedAt) {}

  private final JdbcClient jdbc;

  TaskDrafts(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Optional<Draft> find(String taskId, String userId) {
    return jdbc.sql("select data, saved_at from task_draft where task_id = ? and user_id = ?").params(taskId, userId)
        .query((rs, n) -> new Draft(rs.getString("data"), rs.getTimestamp("saved_at").toInstant())).optional();
  }

  @Transactional
  Instant save(String taskId, String userId, String data) {
    Instant now = EngineTime.now().toInstant();
    delete(taskId, userId);
    jdbc.sql("insert into task_draft (task_id, user_id, data, saved_at) values (?, ?, ?, ?)")
        .params(taskId, userId, data, Timestamp.from(now)).update();
    return now;
  }

  void delete(String taskId, String userId) {
    jdbc.sql("delete from task_draft where task_id = ? and user_id = ?").params(taskId, userId).update();
  }
}
