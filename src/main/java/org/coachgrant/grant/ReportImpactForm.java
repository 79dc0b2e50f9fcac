package org.coachgrant.grant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.spin.plugin.variable.SpinValues;
import org.coachgrant.grant.ImpactContent.ActionOutcome;
import org.coachgrant.grant.ImpactReports.ImpactReport;
import org.coachgrant.security.CurrentUser;
import org.coachgrant.forms.FormText;
import org.coachgrant.format.Formats;
import org.coachgrant.forms.Inputs;
import org.coachgrant.goals.CoachingGoals;
import org.coachgrant.forms.Json;
import org.coachgrant.forms.TaskFormHandler;
import org.coachgrant.format.WebFormat;
import org.coachgrant.trainingplan.PlanContent;
import org.coachgrant.trainingplan.PlanDecisions;
import org.coachgrant.trainingplan.PlanDecisions.Decision;
import org.coachgrant.trainingplan.PlanVersion;
import org.coachgrant.trainingplan.TrainingAction;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.coachgrant.trainingplan.TrainingPlanService;
import org.springframework.stereotype.Component;

/**
 * {@code report-impact}: the manager reports, for each approved training action, whether it took place, the
 * staff trained and its actual cost; what changed, and goal by goal for each of their coaching goals; how the
 * learning was cascaded. Each submission is a
 * version; a revision starts from the previous one.
 */
@Component
class ReportImpactForm implements TaskFormHandler {

  private static final Set<String> FIELDS = Set.of("impactActions", "changesForChildren", "changesInPractice",
      "colleaguesReached", "cascadeHow", "cascadeWhen", "goalChange1", "goalChange2", "goalChange3",
      // shown read-only on the form, so Tasklist sends it back; ignored
      "cascadingPlan");

  private final TrainingPlanService plans;
  private final GrantService grants;
  private final ImpactReports reports;
  private final PlanDecisions decisions;
  private final CurrentUser currentUser;
  private final WebFormat fmt;
  private final CoachingGoals goals;

  ReportImpactForm(TrainingPlanService plans, GrantService grants, ImpactReports reports, PlanDecisions decisions,
      CurrentUser currentUser, WebFormat fmt, CoachingGoals goals) {
    this.goals = goals;
    this.fmt = fmt;
    this.plans = plans;
    this.grants = grants;
    this.reports = reports;
    this.decisions = decisions;
    this.currentUser = currentUser;
  }

  @Override
  public String formId() {
    return "report-impact";
  }

  @Override
  public Set<String> fields() {
    return FIELDS;
  }

  @Override
  public void prepare(DelegateTask task) {
    long planId = TrainingPlanProcess.PLAN_ID.require(task);
    Grant grant = grants.forPlan(planId).orElseThrow();
    PlanContent approved = approved(planId);
    Optional<ImpactReport> previous = reports.latest(grant.id());
    task.setVariableLocal("settingName", FormText.markdown(plans.context(planId).setting().name()));
    task.setVariableLocal("grantReference", FormText.markdown(grant.reference()));
    task.setVariableLocal("grantAmount", Formats.money(grant.amount()));
    task.setVariableLocal("impactDue", Formats.date(grant.impactDue()));
    // due on the day the report is due, for the manager's list and Tasklist's
    task.setDueDate(java.util.Date.from(grant.impactDue().atStartOfDay(fmt.zone()).toInstant()));
    task.setVariableLocal("cascadingPlan", approved.cascadingPlan());
    task.setVariableLocal("reviewComment", previous.isEmpty() ? null : decisions.latest(planId)
        .filter(d -> d.decision() == Decision.IMPACT_INFO_REQUESTED).map(PlanDecisions.Entry::reason).map(FormText::markdown)
        .orElse(null));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < approved.actions().size(); i++) {
      TrainingAction action = approved.actions().get(i);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("course", action.course());
      row.put("provider", action.provider());
      row.put("staffCount", action.staffCount());
      row.put("plannedMonth", Formats.month(action.plannedMonth()));
      if (previous.isPresent() && i < previous.get().content().actions().size()) {
        ActionOutcome outcome = previous.get().content().actions().get(i);
        row.put("tookPlace", outcome.tookPlace());
        row.put("staffTrained", outcome.staffTrained());
        row.put("actualCost", outcome.actualCost());
      }
      rows.add(row);
    }
    task.setVariableLocal("impactActions", SpinValues.jsonValue(Json.write(rows)).create());
    var context = plans.context(planId);
    Map<Integer, String> answered = goals.impactAnswers(grant.id());
    for (int n = 1; n <= CoachingGoals.MAX_GOALS; n++) {
      int position = n;
      var goal = goals.at(context.programme().id(), context.setting().id(), position);
      task.setVariableLocal("hasGoal" + n, goal.isPresent());
      task.setVariableLocal("goalHeading" + n, goal.map(g -> "**Goal " + position + ":** " + FormText.markdown(g.goal())).orElse(""));
      if (answered.containsKey(n)) {
        task.setVariableLocal("goalChange" + n, answered.get(n));
      }
    }
    previous.map(ImpactReport::content).ifPresent(content -> {
      task.setVariableLocal("changesForChildren", content.changesForChildren());
      task.setVariableLocal("changesInPractice", content.changesInPractice());
      task.setVariableLocal("colleaguesReached", content.colleaguesReached());
      task.setVariableLocal("cascadeHow", content.cascadeHow());
      task.setVariableLocal("cascadeWhen", content.cascadeWhen());
    });
  }

  @Override
  public void complete(DelegateTask task, Inputs inputs) {
    long planId = TrainingPlanProcess.PLAN_ID.require(task);
    Grant grant = grants.forPlan(planId).orElseThrow();
    ImpactContent content = ImpactReportReader.read(inputs, approved(planId).actions());
    var context = plans.context(planId);
    Map<Integer, String> byGoal = new LinkedHashMap<>();
    goals.current(context.programme().id(), context.setting().id()).forEach(g ->
        byGoal.put(g.position(), inputs.text("goalChange" + g.position(), CoachingGoals.MAX_IMPACT)));
    reports.submit(grant.id(), content, currentUser.id(task));
    goals.reportImpact(context.programme().id(), context.setting().id(), grant.id(), byGoal);
  }

  private PlanContent approved(long planId) {
    return plans.currentVersion(planId).map(PlanVersion::content).orElseThrow();
  }
}
