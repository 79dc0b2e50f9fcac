package org.coachgrant.grant;

import java.time.Instant;
import java.util.List;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.context.BpmnExecutionContext;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.coachgrant.grant.LedgerChecks.Movement;
import org.coachgrant.security.SystemAccess;
import org.coachgrant.time.EngineTime;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The audit of every attempt the ledger refused: who, what, when, why. Each is written in a transaction of its
 * own, because the attempt itself is rolled back.
 */
@Component
class RefusedGrantAttempts {

  private final JdbcClient jdbc;
  private final IdentityService identity;
  private final HistoryService history;

  RefusedGrantAttempts(JdbcClient jdbc, @Lazy IdentityService identity, @Lazy HistoryService history) {
    this.jdbc = jdbc;
    this.identity = identity;
    this.history = history;
  }

  /** One refused attempt. */
  public record Attempt(long planId, int planVersion, String attempt, String attemptedBy, String processInstanceId,
      String activityId, Instant attemptedAt, String reason) {}

  @Transactional(propagation = Propagation.REQUIRES_NEW)
  public void record(long planId, int planVersion, Movement movement, String reason) {
    ExecutionEntity execution = execution();
    String processInstanceId = execution == null ? null : execution.getProcessInstanceId();
    jdbc.sql("insert into grant_attempt_refused (plan_id, plan_version, attempt, attempted_by, process_instance_id,"
            + " activity_id, attempted_at, reason) values (?, ?, ?, ?, ?, ?, ?, ?)")
        .params(planId, planVersion, movement.name(), attemptedBy(processInstanceId), processInstanceId,
            execution == null ? null : execution.getActivityId(), EngineTime.now(), reason)
        .update();
  }

  @Transactional(readOnly = true)
  public List<Attempt> forPlan(long planId) {
    return jdbc.sql("select plan_id, plan_version, attempt, attempted_by, process_instance_id, activity_id,"
            + " attempted_at, reason from grant_attempt_refused where plan_id = ? order by id")
        .param(planId)
        .query((rs, row) -> new Attempt(rs.getLong("plan_id"), rs.getInt("plan_version"), rs.getString("attempt"),
            rs.getString("attempted_by"), rs.getString("process_instance_id"), rs.getString("activity_id"),
            rs.getTimestamp("attempted_at").toInstant(), rs.getString("reason")))
        .list();
  }

  /** The process step that tried, when the attempt came from one (it always does: only the delegates move money). */
  private static ExecutionEntity execution() {
    BpmnExecutionContext context = Context.getCommandContext() == null ? null : Context.getBpmnExecutionContext();
    return context == null ? null : context.getExecution();
  }

  /**
   * Whoever is signed in to the engine call; in a job, nobody is, so the person who started the process instance
   * (with start instructions, the one who gave them), else the system itself.
   */
  private String attemptedBy(String processInstanceId) {
    Authentication caller = identity.getCurrentAuthentication();
    if (caller != null && caller.getUserId() != null) {
      return caller.getUserId();
    }
    HistoricProcessInstance instance = processInstanceId == null ? null : SystemAccess.run(() ->
        history.createHistoricProcessInstanceQuery().processInstanceId(processInstanceId).singleResult());
    return instance != null && instance.getStartUserId() != null ? instance.getStartUserId() : "system";
  }
}
