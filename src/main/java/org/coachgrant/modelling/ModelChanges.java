package org.coachgrant.modelling;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The record of every change administrators make: who, when, what changed (a readable diff) and why. */
@Component
class ModelChanges {

  enum Kind { PROCESS, DECISION, FORM, TEMPLATE }

  record Change(long id, String kind, String name, String action, Integer fromVersion, Integer toVersion,
      String deploymentId, String changedBy, Instant changedAt, String reason, String summary, String diff) {}

  private final JdbcClient jdbc;

  ModelChanges(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void record(String kind, String name, String action, Integer fromVersion, Integer toVersion, String deploymentId,
      String user, Instant at, String reason, String summary, String diff) {
    jdbc.sql("insert into model_change (kind, name, action, from_version, to_version, deployment_id, changed_by, changed_at, "
        + "reason, summary, diff) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(kind, name, action, fromVersion, toVersion, deploymentId, user, Timestamp.from(at), reason, summary, diff)
        .update();
  }

  List<Change> of(String kind, String name) {
    return jdbc.sql("select * from model_change where kind = ? and name = ? order by changed_at desc, id desc")
        .params(kind, name).query(ModelChanges::row).list();
  }

  List<Change> latest(int limit) {
    return jdbc.sql("select * from model_change order by changed_at desc, id desc limit " + Math.max(1, Math.min(limit, 500)))
        .query(ModelChanges::row).list();
  }

  private static Change row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
    return new Change(rs.getLong("id"), rs.getString("kind"), rs.getString("name"), rs.getString("action"),
        (Integer) rs.getObject("from_version", Integer.class), (Integer) rs.getObject("to_version", Integer.class),
        rs.getString("deployment_id"), rs.getString("changed_by"), rs.getTimestamp("changed_at").toInstant(),
        rs.getString("reason"), rs.getString("summary"), rs.getString("diff"));
  }

  /** A unified diff, as {@code diff -u} prints it: lines starting "-" were removed, "+" added. */
  static String diff(String name, String before, String after) {
    List<String> old = lines(before);
    List<String> now = lines(after);
    var patch = DiffUtils.diff(old, now);
    return String.join("\n", UnifiedDiffUtils.generateUnifiedDiff(name + " (before)", name + " (after)", old, patch, 2));
  }

  private static List<String> lines(String text) {
    return text == null || text.isEmpty() ? List.of() : Arrays.asList(text.replace("\r\n", "\n").split("\n", -1));
  }
}
