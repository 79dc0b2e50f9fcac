package org.coachgrant.goals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.spin.plugin.variable.SpinValues;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The plan starts from the goals: the plan's form shows them, an action may name one of them (and no other), the
 * reviewer sees which action serves which, and the impact report asks goal by goal what changed.
 */
class GoalsInThePlanTest extends CoachgrantTest {

  @Autowired CoachingGoals goals;

  @Test
  void anActionServesOneOfTheManagersGoalsTheReviewerSeesItAndTheImpactReportAsksGoalByGoal() {
    Fixture f = fixture("10000", "1500");
    goals.set(f.programmeId(), f.settingId(), List.of(
        new CoachingGoals.Goal("Daily stories in every room", "Language grows with stories", "Children retell a story"),
        new CoachingGoals.Goal("Songs at lunch", "Joining in", "Everyone sings")), f.manager());
    ProcessInstance instance = requestPlan(f);
    Task submit = task(instance, TrainingPlanProcess.TASK_SUBMIT);
    assertThat(tasks.getVariableLocal(submit.getId(), "coachingGoals").toString())
        .contains("**Goal 1:** Daily stories in every room").contains("**Goal 2:** Songs at lunch");

    actAs(f.manager());
    try {
      assertThatThrownBy(() -> tasks.complete(submit.getId(), planServing("3")))
          .hasMessageContaining("actions[1].servesGoal: must be the number of one of your coaching goals (1, 2; was 3)");
      assertThatThrownBy(() -> tasks.complete(submit.getId(), planServing("the first")))
          .hasMessageContaining("actions[1].servesGoal: must be the number of one of your coaching goals");
    } finally {
      identity.clearAuthentication();
    }
    submitPlan(instance, f.manager(), planServing("Goal 2"));

    Task review = task(instance, TrainingPlanProcess.TASK_REVIEW);
    assertThat(tasks.getVariableLocal(review.getId(), "coachingGoals").toString()).contains("Songs at lunch");
    assertThat(tasks.getVariableLocal(review.getId(), "actionLines").toString()).contains("\"servesGoal\":\"Goal 2\"");
    review(instance, "ruth", "approve", null);

    Task report = task(instance, TrainingPlanProcess.TASK_REPORT_IMPACT);
    assertThat(tasks.getVariableLocal(report.getId(), "hasGoal2")).isEqualTo(true);
    assertThat(tasks.getVariableLocal(report.getId(), "hasGoal3")).isEqualTo(false);
    Map<String, Object> impact = impact(true, 2, "600");
    impact.put("goalChange1", "Every room reads twice a day");
    actAs(f.manager());
    try {
      assertThatThrownBy(() -> tasks.complete(report.getId(), impact)).hasMessageContaining("goalChange2: is required");
    } finally {
      identity.clearAuthentication();
    }
    impact.put("goalChange2", "The children sing at lunch, the shy ones too");
    complete(instance, TrainingPlanProcess.TASK_REPORT_IMPACT, f.manager(), impact);
    assertThat(jdbc.sql("select count(*) from coaching_goal_impact i join coaching_goal g on g.id = i.goal_id"
        + " where g.setting_id = ?").param(f.settingId()).query(Integer.class).single()).isEqualTo(2);
  }

  @Test
  void aPlanWithoutGoalsStillWorksAndItsActionsNameNone() {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    Task submit = task(instance, TrainingPlanProcess.TASK_SUBMIT);
    assertThat(tasks.getVariableLocal(submit.getId(), "coachingGoals")).isNull();
    actAs(f.manager());
    try {
      assertThatThrownBy(() -> tasks.complete(submit.getId(), planServing("1")))
          .hasMessageContaining("actions[1].servesGoal: must be the number of one of your coaching goals (none: you have no coaching goals");
    } finally {
      identity.clearAuthentication();
    }
    submitPlan(instance, f.manager(), plan(2, "300"));
    assertThat(tasks.getVariableLocal(task(instance, TrainingPlanProcess.TASK_REVIEW).getId(), "actionLines").toString())
        .contains("None named");
  }

  private static Map<String, Object> planServing(String goal) {
    Map<String, Object> plan = plan(2, "300");
    plan.put("actions", SpinValues.jsonValue("[{\"course\": \"Storytelling for early years\", \"provider\": "
        + "\"Talking Tales\", \"staffCount\": 2, \"costEach\": 300, \"plannedMonth\": \"" + plannedMonth()
        + "\", \"servesGoal\": \"" + goal + "\"}]").create());
    return plan;
  }
}
