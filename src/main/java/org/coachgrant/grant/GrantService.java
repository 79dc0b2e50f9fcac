package org.coachgrant.grant;

import org.coachgrant.system.Rows;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import org.camunda.bpm.engine.RuntimeService;
import org.coachgrant.programme.ProgrammeRepository;
import org.coachgrant.time.EngineTime;
import org.coachgrant.format.Formats;
import org.coachgrant.security.SystemAccess;
import org.coachgrant.trainingplan.PlanDecisions.Decision;
import org.coachgrant.trainingplan.PlanVersion;
import org.coachgrant.trainingplan.TrainingAction;
import org.coachgrant.trainingplan.TrainingPlan;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.coachgrant.trainingplan.TrainingPlanService.PlanContext;
import org.coachgrant.trainingplan.TrainingPlanService;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Grants against a programme's budget: committed once, never beyond the budget, released for payment, and
 * closed after the impact report, when what was not spent goes back to the budget.
 */
@Service
@Transactional
public class GrantService {

  private static final String GRANT = "select id, plan_id, programme_id, reference, amount, status, impact_due,"
      + " actual_spend, returned_amount, follow_up_due from training_grant";

  private final JdbcClient jdbc;
  private final ProgrammeRepository programmes;
  private final TrainingPlanService plans;
  private final ImpactReports reports;
  private final LedgerChecks checks;
  private final RuntimeService runtimeService;

  GrantService(JdbcClient jdbc, ProgrammeRepository programmes, TrainingPlanService plans, ImpactReports reports,
      LedgerChecks checks, @Lazy RuntimeService runtimeService) {
    this.jdbc = jdbc;
    this.programmes = programmes;
    this.plans = plans;
    this.reports = reports;
    this.checks = checks;
    this.runtimeService = runtimeService;
  }

  public Optional<Grant> forPlan(long planId) {
    return jdbc.sql(GRANT + " where plan_id = ?").param(planId).query(Rows.of(Grant.class)).optional();
  }

  /** When a grant was committed against the budget and released for payment (null until then). */
  public record Dates(java.time.Instant committedAt, java.time.Instant releasedAt) {}

  public Dates dates(long grantId) {
    return jdbc.sql("select committed_at, released_at from training_grant where id = ?").param(grantId)
        .query((rs, row) -> new Dates(rs.getTimestamp("committed_at").toInstant(),
            rs.getTimestamp("released_at") == null ? null : rs.getTimestamp("released_at").toInstant()))
        .single();
  }

  /**
   * Commits the plan's requested total against its programme's budget; empty when the budget cannot
   * cover it. Committing a plan twice (a retried job) returns the grant committed the first time.
   * Refused ({@link ReviewNotOnRecordException}, nothing committed) unless the current version's review is on
   * record ({@link LedgerChecks}).
   */
  public Optional<Grant> commit(long planId) {
    Optional<Grant> existing = forPlan(planId);
    if (existing.isPresent()) {
      return existing;
    }
    PlanContext context = plans.context(planId);
    int version = context.plan().currentVersion();
    checks.requireReview(planId, version, LedgerChecks.Movement.COMMIT);
    BigDecimal amount = plans.currentVersion(planId).map(PlanVersion::content).orElseThrow().totalRequested();
    long programmeId = context.programme().id();
    if (!programmes.commit(programmeId, amount)) {
      return Optional.empty();
    }
    String reference = context.programme().code() + "-G" + String.format("%05d", planId);
    var keys = new GeneratedKeyHolder();
    jdbc.sql("insert into training_grant (plan_id, plan_version, programme_id, reference, amount, status, committed_at)"
            + " values (?, ?, ?, ?, ?, 'COMMITTED', ?)")
        .params(planId, version, programmeId, reference, amount, EngineTime.now()).update(keys, "id");
    long grantId = keys.getKey().longValue();
    ledger(programmeId, "COMMITMENT", amount, grantId, "system", "Grant " + reference);
    plans.setStatus(planId, TrainingPlan.Status.FUNDED);
    return forPlan(planId);
  }

  /**
   * Releases the committed grant for payment, once the review of the version it funds is on record; a grant
   * released already (a retried job) is returned as it is. Refused ({@link ReviewNotOnRecordException}, nothing
   * released) without that review, or without a grant.
   */
  public Grant release(long planId) {
    Optional<Grant> grant = forPlan(planId);
    if (grant.isPresent() && !grant.get().status().equals(Grant.COMMITTED)) {
      return grant.get();
    }
    int version = fundedVersion(planId);
    checks.requireReview(planId, version, LedgerChecks.Movement.RELEASE);
    if (grant.isEmpty()) {
      checks.refuse(planId, version, LedgerChecks.Movement.RELEASE, "has no grant committed");
    }
    jdbc.sql("update training_grant set status = 'RELEASED', released_at = ? where plan_id = ? and status = 'COMMITTED'")
        .params(EngineTime.now(), planId).update();
    return forPlan(planId).orElseThrow();
  }

  /** The version the plan's grant funds; the current version before a grant is committed. */
  private int fundedVersion(long planId) {
    return jdbc.sql("select plan_version from training_grant where plan_id = ?").param(planId)
        .query(Integer.class).optional().orElseGet(() -> plans.context(planId).plan().currentVersion());
  }

  /**
   * Sets when the impact report is due: the programme's impact-report weeks after the end of the last month
   * a training action is planned for (or after today, for a plan without planned months).
   */
  public LocalDate scheduleImpactReport(long planId, LocalDate today) {
    PlanContext context = plans.context(planId);
    LocalDate lastTraining = plans.currentVersion(planId).map(PlanVersion::content).orElseThrow().actions().stream()
        .map(TrainingAction::plannedMonth).filter(Objects::nonNull).max(Comparator.naturalOrder())
        .map(YearMonth::atEndOfMonth).orElse(today);
    LocalDate due = lastTraining.plusWeeks(context.programme().impactReportWeeks());
    jdbc.sql("update training_grant set impact_due = ? where plan_id = ?").params(due, planId).update();
    return due;
  }

  public void extendImpactReport(long planId, LocalDate due, String by, String reason) {
    jdbc.sql("update training_grant set impact_due = ? where plan_id = ?").params(due, planId).update();
    plans.record(planId, Decision.IMPACT_DUE_EXTENDED, by,
        "Impact report due " + Formats.date(due) + (reason == null ? "" : ": " + reason));
  }

  /** A coordinator closes a grant whose impact report never came; nothing is known of its spend, nothing returned. */
  public void closeNotReported(long planId, String by, String reason) {
    jdbc.sql("update training_grant set status = ?, closed_at = ?, closed_reason = ? where plan_id = ? and status = ?")
        .params(Grant.CLOSED_NOT_REPORTED, EngineTime.now(), reason, planId, Grant.RELEASED).update();
    plans.record(planId, Decision.CLOSED_NOT_REPORTED, by, reason);
  }

  /**
   * Closes the grant on its accepted impact report: records the actual spend, returns what was not spent
   * (approved minus actual) to the programme's budget with a RETURN in the ledger, and wakes the wait-listed
   * plans as a top-up does. Closing a grant twice (a retried job) returns the grant closed the first time.
   * Refused ({@link ReviewNotOnRecordException}, nothing returned) unless the impact report's acceptance is on
   * record ({@link LedgerChecks}).
   */
  public Grant close(long planId, LocalDate today) {
    Grant grant = forPlan(planId).orElseThrow(() -> new IllegalStateException("Plan " + planId
        + " has no grant to close: nothing was returned to the budget"));
    if (!grant.status().equals(Grant.RELEASED)) {
      return grant;
    }
    int version = fundedVersion(planId);
    Optional<ImpactReports.ImpactReport> report = reports.latest(grant.id());
    if (report.isEmpty()) {
      checks.refuse(planId, version, LedgerChecks.Movement.CLOSE, "has no impact report");
    }
    checks.requireImpactAccepted(planId, version, report.get().submittedAt());
    BigDecimal actual = report.get().actualSpend();
    BigDecimal returned = grant.amount().subtract(actual).max(BigDecimal.ZERO);
    LocalDate followUpDue = today.plusMonths(plans.context(planId).programme().followUpMonths());
    jdbc.sql("update training_grant set status = ?, actual_spend = ?, returned_amount = ?, closed_at = ?,"
            + " follow_up_due = ? where id = ? and status = ?")
        .params(Grant.CLOSED, actual, returned, EngineTime.now(), followUpDue, grant.id(), Grant.RELEASED).update();
    if (returned.signum() > 0) {
      programmes.returnToBudget(grant.programmeId(), returned);
      ledger(grant.programmeId(), "RETURN", returned, grant.id(), "system",
          "Not spent of grant " + grant.reference() + " (approved " + Formats.money(grant.amount())
              + ", spent " + Formats.money(actual) + ")");
      wakeWaitListed(grant.programmeId());
    }
    return forPlan(planId).orElseThrow();
  }

  /** Adds to a programme's budget and wakes every plan of the programme waiting on the wait list. */
  public void topUp(long programmeId, BigDecimal amount, String by, String note) {
    programmes.topUp(programmeId, amount);
    toppedUp(programmeId, amount, by, note);
  }

  /** {@link #topUp}, only while the budget is still {@code budgetWas} (a checked top-up); whether it added. */
  public boolean topUpIfStill(long programmeId, BigDecimal amount, BigDecimal budgetWas, String by, String note) {
    boolean added = programmes.topUpIfStill(programmeId, amount, budgetWas);
    if (added) {
      toppedUp(programmeId, amount, by, note);
    }
    return added;
  }

  /** What follows a top-up: its line in the ledger, and the programme's wait-listed plans try again. */
  private void toppedUp(long programmeId, BigDecimal amount, String by, String note) {
    ledger(programmeId, "TOP_UP", amount, null, by, note);
    wakeWaitListed(programmeId);
  }

  /** Every wait-listed plan of the programme tries its commitment again (message {@code budgetToppedUp}). */
  private void wakeWaitListed(long programmeId) {
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
