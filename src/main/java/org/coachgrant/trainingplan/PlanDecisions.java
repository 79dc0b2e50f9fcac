package org.coachgrant.trainingplan;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.coachgrant.time.EngineTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Every decision on a plan, with who, when and why; listed per plan. */
@Component
public class PlanDecisions {

  public enum Decision {
    APPROVED, CHANGES_REQUESTED, REJECTED, SENIOR_APPROVED, SENIOR_CHANGES_REQUESTED, SENIOR_REJECTED,
    DEADLINE_EXTENDED, WITHDRAWN, BUDGET_TOPPED_UP, WAIT_LISTED,
    IMPACT_INFO_REQUESTED, IMPACT_ACCEPTED, IMPACT_DUE_EXTENDED, CLOSED_NOT_REPORTED;

    /** The decision in a manager's or reviewer's words. */
    public String words() {
      return switch (this) {
        case APPROVED -> "Approved";
        case SENIOR_APPROVED -> "Approved by a senior reviewer";
        case CHANGES_REQUESTED -> "Changes asked for";
        case SENIOR_CHANGES_REQUESTED -> "Changes asked for by a senior reviewer";
        case REJECTED, SENIOR_REJECTED -> "Rejected";
        case DEADLINE_EXTENDED -> "Deadline extended";
        case WITHDRAWN -> "Withdrawn";
        case BUDGET_TOPPED_UP -> "Budget topped up";
        case WAIT_LISTED -> "Wait-listed for budget";
        case IMPACT_INFO_REQUESTED -> "More information asked for on the impact report";
        case IMPACT_ACCEPTED -> "Impact report accepted";
        case IMPACT_DUE_EXTENDED -> "Impact report given more time";
        case CLOSED_NOT_REPORTED -> "Grant closed without an impact report";
      };
    }
  }

  public record Entry(long planId, int planVersion, Decision decision, String decidedBy, Instant decidedAt, String reason) {}

  private final JdbcClient jdbc;

  PlanDecisions(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void record(long planId, int planVersion, Decision decision, String decidedBy, String reason) {
    jdbc.sql("insert into plan_decision (plan_id, plan_version, decision, decided_by, decided_at, reason)"
            + " values (?, ?, ?, ?, ?, ?)")
        .params(planId, planVersion, decision.name(), decidedBy, EngineTime.now(), reason).update();
  }

  public List<Entry> forPlan(long planId) {
    return jdbc.sql("select plan_id, plan_version, decision, decided_by, decided_at, reason from plan_decision"
            + " where plan_id = ? order by id")
        .param(planId)
        .query((rs, row) -> new Entry(rs.getLong("plan_id"), rs.getInt("plan_version"),
            Decision.valueOf(rs.getString("decision")), rs.getString("decided_by"),
            rs.getTimestamp("decided_at").toInstant(), rs.getString("reason")))
        .list();
  }

  public Optional<Entry> latest(long planId) {
    List<Entry> all = forPlan(planId);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }
}
