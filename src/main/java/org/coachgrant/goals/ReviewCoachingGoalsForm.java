package org.coachgrant.goals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.coachgrant.forms.FormText;
import org.coachgrant.forms.Inputs;
import org.coachgrant.forms.InvalidInputException;
import org.coachgrant.forms.TaskFormHandler;
import org.coachgrant.programme.ProgrammeRepository;
import org.coachgrant.programme.Setting;
import org.coachgrant.security.CurrentUser;
import org.springframework.stereotype.Component;

/**
 * {@code review-coaching-goals}: in session 2 and 3 the coach and the manager go through each goal: progress (not started,
 * under way, achieved) and one line of reflection. The form shows the goals as they are when the task is opened
 * ({@code goalText1…3}, {@code hasGoal2/3} hide the rows of goals the manager does not have); what is stored is the goal
 * as it stands when the review is completed, words included, so a later edit does not change what was reviewed.
 */
@Component
class ReviewCoachingGoalsForm implements TaskFormHandler {

  private final CoachingGoals goals;
  private final ProgrammeRepository programmes;
  private final CurrentUser currentUser;

  ReviewCoachingGoalsForm(CoachingGoals goals, ProgrammeRepository programmes, CurrentUser currentUser) {
    this.goals = goals;
    this.programmes = programmes;
    this.currentUser = currentUser;
  }

  @Override
  public String formId() {
    return "review-coaching-goals";
  }

  @Override
  public Set<String> fields() {
    return Set.of("progress1", "reflection1", "progress2", "reflection2", "progress3", "reflection3");
  }

  @Override
  public void prepare(DelegateTask task) {
    Setting setting = programmes.findSetting(CoachingGoalsProcess.SETTING_ID.require(task)).orElseThrow();
    task.setVariableLocal("reviewTitle", FormText.markdown(setting.name() + ": coaching goals in session "
        + CoachingGoalsProcess.REVIEW_SESSION_NUMBER.require(task)));
    List<CoachingGoals.StoredGoal> current = current(task);
    for (int n = 1; n <= CoachingGoals.MAX_GOALS; n++) {
      int position = n;
      CoachingGoals.StoredGoal goal = current.stream().filter(g -> g.position() == position).findFirst().orElse(null);
      task.setVariableLocal("hasGoal" + n, goal != null);
      task.setVariableLocal("goalText" + n, goal == null ? "" : "**Goal " + n + ":** " + FormText.markdown(goal.goal())
          + "\n\nWhy it matters to the children: " + FormText.markdown(goal.whyItMatters())
          + "\n\nHow we'll know it worked: " + FormText.markdown(goal.howWeKnow()));
    }
  }

  @Override
  public void complete(DelegateTask task, Inputs inputs) {
    List<CoachingGoals.StoredGoal> current = current(task);
    for (int n = 1; n <= CoachingGoals.MAX_GOALS; n++) {
      int position = n;
      if (current.stream().noneMatch(g -> g.position() == position)) {
        // the manager removed this goal after the form was opened: a review of it would be lost without a word
        for (String field : List.of("progress" + n, "reflection" + n)) {
          if (inputs.has(field)) {
            throw new InvalidInputException(field, "reviews goal " + n + ", which the manager has removed since this"
                + " form was opened: open the task again to review the goals as they are now");
          }
        }
      }
    }
    List<CoachingGoals.ReviewInput> reviews = new ArrayList<>();
    for (CoachingGoals.StoredGoal goal : current) {
      int n = goal.position();
      reviews.add(new CoachingGoals.ReviewInput(n, inputs.choice("progress" + n, CoachingGoals.PROGRESS),
          inputs.text("reflection" + n, CoachingGoals.MAX_TEXT)));
    }
    goals.review(CoachingGoalsProcess.PROGRAMME_ID.require(task), CoachingGoalsProcess.SETTING_ID.require(task),
        CoachingGoalsProcess.REVIEW_SESSION_ID.require(task), CoachingGoalsProcess.REVIEW_SESSION_NUMBER.require(task),
        reviews, currentUser.id(task));
  }

  private List<CoachingGoals.StoredGoal> current(DelegateTask task) {
    return goals.current(CoachingGoalsProcess.PROGRAMME_ID.require(task), CoachingGoalsProcess.SETTING_ID.require(task));
  }
}
