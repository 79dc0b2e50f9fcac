package org.coachgrant.review;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.spin.plugin.variable.SpinValues;
import org.coachgrant.grant.Grant;
import org.coachgrant.grant.GrantService;
import org.coachgrant.grant.ImpactContent;
import org.coachgrant.grant.ImpactReports;
import org.coachgrant.grant.ImpactReports.ImpactReport;
import org.coachgrant.security.CurrentUser;
import org.coachgrant.forms.FormText;
import org.coachgrant.format.Formats;
import org.coachgrant.forms.Inputs;
import org.coachgrant.forms.Json;
import org.coachgrant.forms.TaskFormHandler;
import org.coachgrant.trainingplan.PlanDecisions.Decision;
import org.coachgrant.trainingplan.PlanVersion;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.coachgrant.trainingplan.TrainingPlanService;
import org.springframework.stereotype.Component;

/**
 * {@code review-impact-report}: a coordinator or reviewer accepts the impact report (the grant is then closed)
 * or asks the manager for more information with a comment. Nobody linked to the setting reviews it.
 */
@Component
class ReviewImpactReportForm implements TaskFormHandler {

  private static final Set<String> FIELDS = Set.of("impactDecision", "impactComment",
      // shown read-only on the form, so Tasklist sends them back; ignored
      "changesForChildren", "changesInPractice", "colleaguesReached", "cascadeHow", "cascadeWhen", "cascadingPlan");

  private final TrainingPlanService plans;
  private final GrantService grants;
  private final ImpactReports reports;
  private final Reviewers reviewers;
  private final CurrentUser currentUser;

  ReviewImpactReportForm(TrainingPlanService plans, GrantService grants, ImpactReports reports, Reviewers reviewers,
      CurrentUser currentUser) {
    this.plans = plans;
    this.grants = grants;
    this.reports = reports;
    this.reviewers = reviewers;
    this.currentUser = currentUser;
  }

  @Override
  public String formId() {
    return "review-impact-report";
  }

  @Override
  public Set<String> fields() {
    return FIELDS;
  }

  @Override
  public void prepare(DelegateTask task) {
    long planId = TrainingPlanProcess.PLAN_ID.require(task);
    Grant grant = grants.forPlan(planId).orElseThrow();
    ImpactReport report = reports.latest(grant.id()).orElseThrow();
    ImpactContent content = report.content();
    task.setVariableLocal("settingName", FormText.markdown(plans.context(planId).setting().name()));
    task.setVariableLocal("grantReference", FormText.markdown(grant.reference()));
    task.setVariableLocal("grantAmount", Formats.money(grant.amount()));
    task.setVariableLocal("actualSpend", Formats.money(report.actualSpend()));
    task.setVariableLocal("returnedAmount", Formats.money(grant.amount().subtract(report.actualSpend()).max(BigDecimal.ZERO)));
    task.setVariableLocal("reportVersion", report.version());
    List<Map<String, Object>> rows = content.actions().stream().map(a -> Map.<String, Object>of(
        "course", a.course(), "tookPlace", a.tookPlace() ? "yes" : "no", "staffTrained", a.staffTrained(),
        "actualCost", Formats.money(a.actualCost()))).toList();
    task.setVariableLocal("impactActions", SpinValues.jsonValue(Json.write(rows)).create());
    task.setVariableLocal("changesForChildren", content.changesForChildren());
    task.setVariableLocal("changesInPractice", content.changesInPractice());
    task.setVariableLocal("colleaguesReached", content.colleaguesReached());
    task.setVariableLocal("cascadeHow", content.cascadeHow());
    task.setVariableLocal("cascadeWhen", content.cascadeWhen());
    task.setVariableLocal("cascadingPlan", plans.currentVersion(planId).map(PlanVersion::content).orElseThrow()
        .cascadingPlan());
    // each review starts undecided, whatever the previous round decided
    TrainingPlanProcess.IMPACT_DECISION.setLocal(task, null);
    reviewers.exclude(task, reviewers.conflicted(task));
  }

  @Override
  public void assigned(DelegateTask task) {
    refuse(task, "assignee", task.getAssignee());
  }

  @Override
  public void complete(DelegateTask task, Inputs inputs) {
    String decision = inputs.choice("impactDecision", Set.of("accept", "moreInfo"));
    String comment = decision.equals("accept")
        ? inputs.optionalText("impactComment", Inputs.LONG_TEXT)
        : inputs.text("impactComment", Inputs.COMMENT_MIN, Inputs.LONG_TEXT);
    String by = currentUser.id(task);
    refuse(task, "impactDecision", by);
    long planId = TrainingPlanProcess.PLAN_ID.require(task);
    plans.record(planId, decision.equals("accept") ? Decision.IMPACT_ACCEPTED : Decision.IMPACT_INFO_REQUESTED, by,
        comment);
    TrainingPlanProcess.IMPACT_DECISION.set(task.getExecution(), decision);
  }

  private void refuse(DelegateTask task, String field, String userId) {
    reviewers.refuse(task, field, userId, Set.of(), "");
  }
}
