package org.coachgrant.grant;

import org.coachgrant.system.Rows;
import java.math.BigDecimal;
import java.util.Optional;
import org.camunda.bpm.engine.RuntimeService;
import org.coachgrant.programme.ProgrammeRepository;
import org.coachgrant.system.EngineTime;
import org.coachgrant.system.SystemAccess;
import org.coachgrant.trainingplan.PlanVersion;
import org.coachgrant.trainingplan.TrainingPlan;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.coachgrant.trainingplan.TrainingPlanService.PlanContext;
import org.coachgrant.trainingplan.TrainingPlanService;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Grants against a programme's budget: committed once, never beyond the budget, then released for payment. */
@Service
@Transactional
public class GrantService {

  private static final String GRANT = "select id, plan_id, programme_id, reference, amount, status from training_grant";

  private final JdbcClient jdbc;
  private final ProgrammeRepository programmes;
  private final TrainingPlanService plans;
  private final RuntimeService runtimeService;

  GrantService(JdbcClient jdbc, ProgrammeRepository programmes, TrainingPlanService plans,
      @Lazy RuntimeService runtimeService) {
    this.jdbc = jdbc;
    this.programmes = programmes;
    this.plans = plans;
    this.runtimeService = runtimeService;
  }

  public Optional<Grant> forPlan(long planId) {
    return jdbc.sql(GRANT + " where plan_id = ?").param(planId).query(Rows.of(Grant.class)).optional();
  }

  /**
   * Commits the plan's requested total against its programme's budget; empty when the budget cannot
   * cover it. Committing a plan twice (a retried job) returns the grant committed the first time.
   */
  public Optional<Grant> commit(long planId) {
    Optional<Grant> existing = forPlan(planId);
    if (existing.isPresent()) {
      return existing;
    }
    PlanContext context = plans.context(planId);
    BigDecimal amount = plans.currentVersion(planId).map(PlanVersion::content).orElseThrow().totalRequested();
    long programmeId = context.programme().id();
    if (!programmes.commit(programmeId, amount)) {
      return Optional.empty();
    }
    String reference = context.programme().code() + "-G" + String.format("%05d", planId);
    var keys = new GeneratedKeyHolder();
    jdbc.sql("insert into training_grant (plan_id, programme_id, reference, amount, status, committed_at)"
            + " values (?, ?, ?, ?, 'COMMITTED', ?)")
        .params(planId, programmeId, reference, amount, EngineTime.now()).update(keys, "id");
    long grantId = keys.getKey().longValue();
    ledger(programmeId, "COMMITMENT", amount, grantId, "system", "Grant " + reference);
    plans.setStatus(planId, TrainingPlan.Status.FUNDED);
    return forPlan(planId);
  }

  public Grant release(long planId) {
    jdbc.sql("update training_grant set status = 'RELEASED', released_at = ? where plan_id = ? and status = 'COMMITTED'")
        .params(EngineTime.now(), planId).update();
    return forPlan(planId).orElseThrow(() -> new IllegalStateException("No grant committed for plan " + planId));
  }

  /** Adds to a programme's budget and wakes every plan of the programme waiting on the wait list. */
  public void topUp(long programmeId, BigDecimal amount, String by, String note) {
    programmes.topUp(programmeId, amount);
    ledger(programmeId, "TOP_UP", amount, null, by, note);
    SystemAccess.run(() -> runtimeService.createMessageCorrelation(TrainingPlanProcess.MESSAGE_BUDGET_TOPPED_UP)
        .processInstanceVariableEquals(TrainingPlanProcess.PROGRAMME_ID.name(), programmeId)
        .correlateAll());
  }

  private void ledger(long programmeId, String type, BigDecimal amount, Long grantId, String by, String note) {
    jdbc.sql("insert into budget_ledger (programme_id, entry_type, amount, grant_id, recorded_by, recorded_at, note)"
            + " values (?, ?, ?, ?, ?, ?, ?)")
        .params(programmeId, type, amount, grantId, by, EngineTime.now(), note).update();
  }

}
