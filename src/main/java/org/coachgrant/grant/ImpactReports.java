package org.coachgrant.grant;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.coachgrant.grant.ImpactContent.ActionOutcome;
import org.coachgrant.time.EngineTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** A grant's impact reports (each submission a version) and the follow-up on learning that lasts. */
@Repository
@Transactional
public class ImpactReports {

  public record ImpactReport(int version, ImpactContent content, BigDecimal actualSpend, String submittedBy,
      Instant submittedAt) {}

  /** The manager's answers some months after the report. */
  public record FollowUp(String learningInUse, int trainedStaffLeft, String passedOn, String comment,
      String answeredBy, Instant answeredAt) {}

  private final JdbcClient jdbc;

  ImpactReports(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Stores a new version of the grant's report; returns its number. */
  public int submit(long grantId, ImpactContent content, String submittedBy) {
    int version = jdbc.sql("select coalesce(max(version), 0) from impact_report where grant_id = ?").param(grantId)
        .query(Integer.class).single() + 1;
    var keys = new GeneratedKeyHolder();
    jdbc.sql("insert into impact_report (grant_id, version, changes_for_children, changes_in_practice, colleagues_reached,"
            + " cascade_how, cascade_when, actual_spend, submitted_by, submitted_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(grantId, version, content.changesForChildren(), content.changesInPractice(), content.colleaguesReached(),
            content.cascadeHow(), content.cascadeWhen(), content.actualSpend(), submittedBy, EngineTime.now())
        .update(keys, "id");
    long reportId = keys.getKey().longValue();
    int position = 0;
    for (ActionOutcome action : content.actions()) {
      jdbc.sql("insert into impact_action (impact_report_id, position, course, took_place, staff_trained, actual_cost)"
              + " values (?, ?, ?, ?, ?, ?)")
          .params(reportId, position++, action.course(), action.tookPlace(), action.staffTrained(), action.actualCost())
          .update();
    }
    return version;
  }

  public Optional<ImpactReport> latest(long grantId) {
    return jdbc.sql("select id, version, changes_for_children, changes_in_practice, colleagues_reached, cascade_how,"
            + " cascade_when, actual_spend, submitted_by, submitted_at from impact_report where grant_id = ?"
            + " order by version desc")
        .param(grantId)
        .query((rs, row) -> new ImpactReport(rs.getInt("version"),
            new ImpactContent(actions(rs.getLong("id")), rs.getString("changes_for_children"),
                rs.getString("changes_in_practice"), rs.getInt("colleagues_reached"), rs.getString("cascade_how"),
                rs.getString("cascade_when")),
            rs.getBigDecimal("actual_spend"), rs.getString("submitted_by"), rs.getTimestamp("submitted_at").toInstant()))
        .list().stream().findFirst();
  }

  private List<ActionOutcome> actions(long reportId) {
    return jdbc.sql("select course, took_place, staff_trained, actual_cost from impact_action"
            + " where impact_report_id = ? order by position")
        .param(reportId)
        .query((rs, row) -> new ActionOutcome(rs.getString("course"), rs.getBoolean("took_place"),
            rs.getInt("staff_trained"), rs.getBigDecimal("actual_cost")))
        .list();
  }

  /** Stores the follow-up answers once: a second answer for the same grant changes nothing. */
  public void saveFollowUp(long grantId, FollowUp answers) {
    if (followUp(grantId).isPresent()) {
      return;
    }
    jdbc.sql("insert into learning_follow_up (grant_id, learning_in_use, trained_staff_left, passed_on, comment_text,"
            + " answered_by, answered_at) values (?, ?, ?, ?, ?, ?, ?)")
        .params(grantId, answers.learningInUse(), answers.trainedStaffLeft(), answers.passedOn(), answers.comment(),
            answers.answeredBy(), EngineTime.now())
        .update();
  }

  public Optional<FollowUp> followUp(long grantId) {
    return jdbc.sql("select learning_in_use, trained_staff_left, passed_on, comment_text, answered_by, answered_at"
            + " from learning_follow_up where grant_id = ?")
        .param(grantId)
        .query((rs, row) -> new FollowUp(rs.getString("learning_in_use"), rs.getInt("trained_staff_left"),
            rs.getString("passed_on"), rs.getString("comment_text"), rs.getString("answered_by"),
            rs.getTimestamp("answered_at").toInstant()))
        .optional();
  }
}
