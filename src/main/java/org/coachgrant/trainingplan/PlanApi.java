package org.coachgrant.trainingplan;

import org.coachgrant.system.Rows;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.coachgrant.admin.Roles;
import org.coachgrant.grant.Grant;
import org.coachgrant.grant.GrantService;
import org.coachgrant.grant.ImpactReports;
import org.coachgrant.security.Callers;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code /api/plans}: the plans a person may see; one plan with its grant's impact, actual spend, returned
 * amount and follow-up answers ({@code /api/plans/{id}}); every decision on one (who, when, why).
 * Managers see their own settings' plans; coordinators and administrators see all; reviewers and senior
 * reviewers see all but those of a setting they are linked to (the conflict of interest that
 * review/Reviewers applies to the tasks holds on reads too). A plan one may not see is answered as one
 * that does not exist.
 */
@RestController
@RequestMapping("/api/plans")
class PlanApi {

  record PlanSummary(long id, String programme, String settingUrn, String settingName, String status, int version,
      LocalDate deadline, String grantReference, BigDecimal grantAmount, String grantStatus) {}

  private static final Set<String> SEE_ALL = Set.of(Roles.COORDINATORS, Roles.ADMINISTRATORS);
  private static final Set<String> REVIEW = Set.of(Roles.REVIEWERS, Roles.SENIOR_REVIEWERS);
  private static final String OWN = "s.manager_user_id = :user";
  private static final String OWN_OR_UNLINKED = "(" + OWN
      + " or not exists (select 1 from setting_link l where l.setting_id = s.id and l.user_id = :user))";
  private static final String PLANS = "select p.id, g2.code as programme, s.urn as setting_urn, s.name as setting_name,"
      + " p.status, p.current_version as version, p.deadline, g.reference as grant_reference, g.amount as grant_amount,"
      + " g.status as grant_status from training_plan p join setting s on s.id = p.setting_id"
      + " join programme g2 on g2.id = p.programme_id left join training_grant g on g.plan_id = p.id";

  /** One plan with its grant's life after the release: when the impact report is due, the report, spend and return, the follow-up. */
  record PlanDetail(PlanSummary plan, LocalDate impactDue, BigDecimal actualSpend, BigDecimal returnedAmount,
      LocalDate followUpDue, ImpactReports.ImpactReport impact, ImpactReports.FollowUp followUp) {}

  private final JdbcClient jdbc;
  private final PlanDecisions decisions;
  private final Callers callers;
  private final GrantService grants;
  private final ImpactReports reports;

  PlanApi(JdbcClient jdbc, PlanDecisions decisions, Callers callers, GrantService grants, ImpactReports reports) {
    this.jdbc = jdbc;
    this.decisions = decisions;
    this.callers = callers;
    this.grants = grants;
    this.reports = reports;
  }

  @GetMapping
  List<PlanSummary> plans() {
    Authentication caller = callers.current();
    return jdbc.sql(PLANS + " where " + visibleTo(caller) + " order by p.id").param("user", caller.getUserId())
        .query(Rows.of(PlanSummary.class)).list();
  }

  @GetMapping("/{planId}")
  PlanDetail plan(@PathVariable long planId) {
    requireVisible(planId);
    PlanSummary plan = jdbc.sql(PLANS + " where p.id = ?").param(planId).query(Rows.of(PlanSummary.class)).single();
    Optional<Grant> grant = grants.forPlan(planId);
    return new PlanDetail(plan,
        grant.map(Grant::impactDue).orElse(null),
        grant.map(Grant::actualSpend).orElse(null),
        grant.map(Grant::returnedAmount).orElse(null),
        grant.map(Grant::followUpDue).orElse(null),
        grant.flatMap(g -> reports.latest(g.id())).orElse(null),
        grant.flatMap(g -> reports.followUp(g.id())).orElse(null));
  }

  @GetMapping("/{planId}/decisions")
  List<PlanDecisions.Entry> decisions(@PathVariable long planId) {
    requireVisible(planId);
    return decisions.forPlan(planId);
  }

  private void requireVisible(long planId) {
    Authentication caller = callers.current();
    boolean visible = jdbc.sql("select count(*) from training_plan p join setting s on s.id = p.setting_id"
            + " where p.id = :plan and " + visibleTo(caller))
        .param("plan", planId).param("user", caller.getUserId()).query(Integer.class).single() > 0;
    if (!visible) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No training plan " + planId + " that you may see");
    }
  }

  /** The condition on setting {@code s} under which the caller ({@code :user}) may see its plans. */
  private String visibleTo(Authentication caller) {
    if (callers.isIn(caller, SEE_ALL)) {
      return "1 = 1";
    }
    return callers.isIn(caller, REVIEW) ? OWN_OR_UNLINKED : OWN;
  }

}
