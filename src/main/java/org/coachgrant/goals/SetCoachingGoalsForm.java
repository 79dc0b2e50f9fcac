package org.coachgrant.goals;

import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.coachgrant.forms.Inputs;
import org.coachgrant.forms.TaskFormHandler;
import org.coachgrant.security.CurrentUser;
import org.springframework.stereotype.Component;

/**
 * {@code set-coaching-goals}: the manager's one to three goals after session 1, each with why it matters to the children
 * and how they will know it worked. Prefilled with any goals set already (on {@code /my}), so the task confirms them.
 */
@Component
class SetCoachingGoalsForm implements TaskFormHandler {

  static final Set<String> FIELDS = Set.of("goal1", "goalWhy1", "goalKnow1", "goal2", "goalWhy2", "goalKnow2",
      "goal3", "goalWhy3", "goalKnow3");

  private final CoachingGoals goals;
  private final CurrentUser currentUser;

  SetCoachingGoalsForm(CoachingGoals goals, CurrentUser currentUser) {
    this.goals = goals;
    this.currentUser = currentUser;
  }

  @Override
  public String formId() {
    return "set-coaching-goals";
  }

  @Override
  public Set<String> fields() {
    return FIELDS;
  }

  @Override
  public void prepare(DelegateTask task) {
    List<CoachingGoals.StoredGoal> current = goals.current(CoachingGoalsProcess.PROGRAMME_ID.require(task),
        CoachingGoalsProcess.SETTING_ID.require(task));
    for (CoachingGoals.StoredGoal goal : current) {
      task.setVariableLocal("goal" + goal.position(), goal.goal());
      task.setVariableLocal("goalWhy" + goal.position(), goal.whyItMatters());
      task.setVariableLocal("goalKnow" + goal.position(), goal.howWeKnow());
    }
  }

  @Override
  public void complete(DelegateTask task, Inputs inputs) {
    goals.set(CoachingGoalsProcess.PROGRAMME_ID.require(task), CoachingGoalsProcess.SETTING_ID.require(task),
        CoachingGoals.fromForm(inputs), currentUser.id(task));
  }
}
