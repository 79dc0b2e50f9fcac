package org.coachgrant.trainingplan;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.spin.plugin.variable.SpinValues;
import org.coachgrant.system.Formats;
import org.coachgrant.system.Json;
import org.coachgrant.trainingplan.TrainingPlanService.PlanContext;
import org.springframework.stereotype.Component;

/** Puts a plan on a task as task-local variables, so its form shows the plan and nothing leaks into the process. */
@Component
public class PlanTaskVariables {

  private final TrainingPlanService plans;

  PlanTaskVariables(TrainingPlanService plans) {
    this.plans = plans;
  }

  public PlanContext show(DelegateTask task) {
    long planId = TrainingPlanProcess.PLAN_ID.require(task);
    PlanContext context = plans.context(planId);
    task.setVariableLocal("settingName", context.setting().name());
    task.setVariableLocal("programmeName", context.programme().name());
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
    task.setVariableLocal("totalRequested", content == null ? null : content.totalRequested().doubleValue());
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
          action.put("staffCount", a.staffCount());
          action.put("costEach", a.costEach());
          if (a.plannedMonth() != null) {
            action.put("plannedMonth", a.plannedMonth().toString());
          }
          return action;
        })
        .toList();
    return Json.write(actions);
  }
}
