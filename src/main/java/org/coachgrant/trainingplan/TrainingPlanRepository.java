package org.coachgrant.trainingplan;

import org.coachgrant.system.Rows;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import org.coachgrant.time.EngineTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class TrainingPlanRepository {

  private static final String PLAN =
      "select id, programme_id, setting_id, status, deadline, current_version, process_instance_id from training_plan";

  private final JdbcClient jdbc;

  TrainingPlanRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Optional<TrainingPlan> find(long id) {
    return jdbc.sql(PLAN + " where id = ?").param(id).query(Rows.of(TrainingPlan.class)).optional();
  }

  Optional<TrainingPlan> find(long programmeId, long settingId) {
    return jdbc.sql(PLAN + " where programme_id = ? and setting_id = ?").params(programmeId, settingId)
        .query(Rows.of(TrainingPlan.class)).optional();
  }

  long create(long programmeId, long settingId, LocalDate deadline, String processInstanceId) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql("insert into training_plan (programme_id, setting_id, status, deadline, process_instance_id, requested_at)"
            + " values (?, ?, 'REQUESTED', ?, ?, ?)")
        .params(programmeId, settingId, deadline, processInstanceId, EngineTime.now()).update(keys, "id");
    return keys.getKey().longValue();
  }

  void setStatus(long planId, TrainingPlan.Status status) {
    jdbc.sql("update training_plan set status = ? where id = ?").params(status.name(), planId).update();
  }

  void setDeadline(long planId, LocalDate deadline) {
    jdbc.sql("update training_plan set deadline = ? where id = ?").params(deadline, planId).update();
  }

  int addVersion(long planId, PlanContent content, String submittedBy) {
    int version = jdbc.sql("select current_version from training_plan where id = ?").param(planId)
        .query(Integer.class).single() + 1;
    var keys = new GeneratedKeyHolder();
    jdbc.sql("insert into training_plan_version (plan_id, version, identified_needs, total_requested,"
            + " expected_outcomes, cascading_plan, submitted_by, submitted_at) values (?, ?, ?, ?, ?, ?, ?, ?)")
        .params(planId, version, content.identifiedNeeds(), content.totalRequested(), content.expectedOutcomes(),
            content.cascadingPlan(), submittedBy, EngineTime.now())
        .update(keys, "id");
    long versionId = keys.getKey().longValue();
    int position = 0;
    for (TrainingAction action : content.actions()) {
      jdbc.sql("insert into training_action (plan_version_id, position, course, provider, staff_count, cost_each,"
              + " planned_month, serves_goal) values (?, ?, ?, ?, ?, ?, ?, ?)")
          .params(versionId, position++, action.course(), action.provider(), action.staffCount(), action.costEach(),
              action.plannedMonth() == null ? null : action.plannedMonth().toString(), action.servesGoal())
          .update();
    }
    jdbc.sql("update training_plan set current_version = ?, status = 'SUBMITTED' where id = ?")
        .params(version, planId).update();
    return version;
  }

  Optional<PlanVersion> findVersion(long planId, int version) {
    return jdbc.sql("select id, identified_needs, total_requested, expected_outcomes, cascading_plan, submitted_by,"
            + " submitted_at from training_plan_version where plan_id = ? and version = ?")
        .params(planId, version)
        .query((rs, row) -> {
          long id = rs.getLong("id");
          PlanContent content = new PlanContent(rs.getString("identified_needs"), actions(id),
              rs.getBigDecimal("total_requested"), rs.getString("expected_outcomes"), rs.getString("cascading_plan"));
          return new PlanVersion(id, planId, version, content, rs.getString("submitted_by"),
              rs.getTimestamp("submitted_at").toInstant());
        })
        .optional();
  }

  private List<TrainingAction> actions(long versionId) {
    return jdbc.sql("select course, provider, staff_count, cost_each, planned_month, serves_goal from training_action"
            + " where plan_version_id = ? order by position")
        .param(versionId)
        .query((rs, row) -> new TrainingAction(rs.getString("course"), rs.getString("provider"),
            rs.getInt("staff_count"), rs.getBigDecimal("cost_each"),
            rs.getString("planned_month") == null ? null : YearMonth.parse(rs.getString("planned_month")),
            rs.getObject("serves_goal") == null ? null : rs.getInt("serves_goal")))
        .list();
  }

  int countFundedGrants(long settingId, long exceptPlanId) {
    return jdbc.sql("select count(*) from training_grant g join training_plan p on p.id = g.plan_id"
            + " where p.setting_id = ? and p.id <> ?")
        .params(settingId, exceptPlanId).query(Integer.class).single();
  }

  /** The grants counted by {@link #countFundedGrants}, the oldest first. */
  List<EarlierGrant> fundedGrants(long settingId, long exceptPlanId) {
    return jdbc.sql("select g.reference, pr.name as programme_name, g.amount, g.status from training_grant g"
            + " join training_plan p on p.id = g.plan_id join programme pr on pr.id = g.programme_id"
            + " where p.setting_id = ? and p.id <> ? order by g.committed_at, g.id")
        .params(settingId, exceptPlanId).query(Rows.of(EarlierGrant.class)).list();
  }


}
