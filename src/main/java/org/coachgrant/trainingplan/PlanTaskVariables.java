package org.coachgrant.trainingplan;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.spin.plugin.variable.SpinValues;
import org.coachgrant.forms.FormText;
import org.coachgrant.goals.CoachingGoals;
import org.coachgrant.format.Formats;
import org.coachgrant.forms.Json;
import org.coachgrant.format.WebFormat;
import org.coachgrant.trainingplan.TrainingPlanService.PlanContext;
import org.springframework.stereotype.Component;

/** Puts a plan on a task as task-local variables, so its form shows the plan and nothing leaks into the process. */
@Component
public class PlanTaskVariables {

  private final TrainingPlanService plans;
  private final PlanDecisions decisions;
  private final WebFormat fmt;
  private final CoachingGoals goals;

  PlanTaskVariables(TrainingPlanService plans, PlanDecisions decisions, WebFormat fmt, CoachingGoals goals) {
    this.goals = goals;
    this.fmt = fmt;
    this.plans = plans;
    this.decisions = decisions;
  }

  /**
   * For a reviewer's form, besides the plan: the actions with money as "£1,180.00" and line totals
   * ({@code actionLines}, {@code totalRequestedText}), what changed since the previous version field by field
   * ({@code changesSinceLastVersion}) and every comment on earlier versions ({@code commentHistory}), the
   * last two as Markdown lists with the manager's and reviewers' text escaped.
   */
  public PlanContext showForReview(DelegateTask task) {
    PlanContext context = show(task);
    long planId = context.plan().id();
    List<PlanVersion> versions = plans.versions(planId);
    PlanContent current = versions.isEmpty() ? null : versions.get(versions.size() - 1).content();
    PlanContent previous = versions.size() < 2 ? null : versions.get(versions.size() - 2).content();
    if (current != null) {
      List<Map<String, Object>> lines = current.actions().stream().map(a -> {
        Map<String, Object> line = new java.util.LinkedHashMap<>();
        line.put("course", a.course());
        line.put("provider", a.provider());
        line.put("staffCount", a.staffCount());
        line.put("costEach", Formats.money(a.costEach()));
        line.put("lineTotal", Formats.money(a.cost()));
        line.put("plannedMonth", Formats.month(a.plannedMonth()));
        line.put("servesGoal", a.servesGoal() == null ? "None named" : "Goal " + a.servesGoal());
        return line;
      }).toList();
      task.setVariableLocal("actionLines", SpinValues.jsonValue(Json.write(lines)).create());
      task.setVariableLocal("totalRequestedText", Formats.money(current.totalRequested()));
    }
    task.setVariableLocal("changesSinceLastVersion", previous == null ? null
        : FormText.markdownList(PlanChanges.lines(previous, current)));
    List<String> comments = decisions.forPlan(planId).stream().filter(d -> d.reason() != null && !d.reason().isBlank())
        .map(d -> "Version " + d.planVersion() + ", " + d.decision().words().toLowerCase(java.util.Locale.ROOT) + " by "
            + d.decidedBy() + " on " + Formats.date(d.decidedAt().atZone(fmt.zone()).toLocalDate())
            + ": “" + d.reason() + "”")
        .toList();
    task.setVariableLocal("commentHistory", comments.isEmpty() ? null : FormText.markdownList(comments));
    return context;
  }

  public PlanContext show(DelegateTask task) {
    long planId = TrainingPlanProcess.PLAN_ID.require(task);
    PlanContext context = plans.context(planId);
    task.setVariableLocal("settingName", FormText.markdown(context.setting().name()));
    List<CoachingGoals.StoredGoal> goalList = goals.current(context.programme().id(), context.setting().id());
    // the manager's coaching goals, beside "What training does your setting need?" (and on the reviewer's form)
    task.setVariableLocal("coachingGoals", goalList.isEmpty() ? null : goalList.stream()
        .map(g -> "**Goal " + g.position() + ":** " + FormText.markdown(g.goal()).replace("\n", " ")
            + " (why it matters to the children: " + FormText.markdown(g.whyItMatters()).replace("\n", " ")
            + "; how we'll know: " + FormText.markdown(g.howWeKnow()).replace("\n", " ") + ")")
        .collect(java.util.stream.Collectors.joining("\n\n")));
    task.setVariableLocal("programmeName", FormText.markdown(context.programme().name()));
    task.setVariableLocal("grantCap", Formats.money(context.programme().grantCap()));
    task.setVariableLocal("deadline", Formats.date(context.plan().deadline()));
    task.setVariableLocal("planVersion", context.plan().currentVersion());
    PlanContent content = plans.currentVersion(planId).map(PlanVersion::content).orElse(null);
    // how Tasklist's lists show the amount: "£1,180.00"
    task.setVariableLocal("amountRequested", content == null ? null : Formats.money(content.totalRequested()));
    task.setVariableLocal("identifiedNeeds", content == null ? null : content.identifiedNeeds());
    // none yet: no variable at all (Tasklist would submit the list typed as Null), and the form starts
    // the list with one empty row
    if (content != null) {
      task.setVariableLocal("actions", SpinValues.jsonValue(actionsJson(content)).create());
    }
    // the form's money and staff fields are text fields (see forms/submit-training-plan.form), so text here
    task.setVariableLocal("totalRequested", content == null ? null : content.totalRequested().toPlainString());
    task.setVariableLocal("expectedOutcomes", content == null ? null : content.expectedOutcomes());
    task.setVariableLocal("cascadingPlan", content == null ? null : content.cascadingPlan());
    return context;
  }

  private static String actionsJson(PlanContent content) {
    List<Map<String, Object>> actions = content.actions().stream()
        .map(a -> {
          Map<String, Object> action = new java.util.LinkedHashMap<>();
          action.put("course", a.course());
          action.put("provider", a.provider());
          action.put("staffCount", String.valueOf(a.staffCount()));
          action.put("costEach", a.costEach().toPlainString());
          if (a.plannedMonth() != null) {
            action.put("plannedMonth", a.plannedMonth().toString());
          }
          if (a.servesGoal() != null) {
            action.put("servesGoal", String.valueOf(a.servesGoal()));
          }
          return action;
        })
        .toList();
    return Json.write(actions);
  }
}
