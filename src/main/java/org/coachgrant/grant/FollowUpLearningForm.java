package org.coachgrant.grant;

import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.coachgrant.grant.ImpactReports.FollowUp;
import org.coachgrant.grant.ImpactReports.ImpactReport;
import org.coachgrant.security.CurrentUser;
import org.coachgrant.forms.FormText;
import org.coachgrant.forms.Inputs;
import org.coachgrant.forms.InvalidInputException;
import org.coachgrant.forms.TaskFormHandler;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.coachgrant.trainingplan.TrainingPlanService;
import org.springframework.stereotype.Component;

/**
 * {@code follow-up-learning}: some months after the report, is the learning still in use, have trained staff
 * left, has it been passed on to new colleagues. Stored with the grant.
 */
@Component
class FollowUpLearningForm implements TaskFormHandler {

  static final Set<String> IN_USE = Set.of("yes", "partly", "no");
  static final Set<String> PASSED_ON = Set.of("yes", "no", "noNewStaff");
  private static final Set<String> FIELDS = Set.of("learningInUse", "trainedStaffLeft", "passedOnToNewStaff",
      "followUpComment");

  private final TrainingPlanService plans;
  private final GrantService grants;
  private final ImpactReports reports;
  private final CurrentUser currentUser;

  FollowUpLearningForm(TrainingPlanService plans, GrantService grants, ImpactReports reports, CurrentUser currentUser) {
    this.plans = plans;
    this.grants = grants;
    this.reports = reports;
    this.currentUser = currentUser;
  }

  @Override
  public String formId() {
    return "follow-up-learning";
  }

  @Override
  public Set<String> fields() {
    return FIELDS;
  }

  @Override
  public void prepare(DelegateTask task) {
    long planId = TrainingPlanProcess.PLAN_ID.require(task);
    Grant grant = grants.forPlan(planId).orElseThrow();
    task.setVariableLocal("settingName", FormText.markdown(plans.context(planId).setting().name()));
    task.setVariableLocal("grantReference", FormText.markdown(grant.reference()));
    task.setVariableLocal("staffTrained", staffTrained(grant));
  }

  @Override
  public void complete(DelegateTask task, Inputs inputs) {
    Grant grant = grants.forPlan(TrainingPlanProcess.PLAN_ID.require(task)).orElseThrow();
    String inUse = inputs.choice("learningInUse", IN_USE);
    int trained = staffTrained(grant);
    int left = Inputs.wholeNumber("trainedStaffLeft", inputs.value("trainedStaffLeft"), 0, Integer.MAX_VALUE);
    if (left > trained) {
      throw new InvalidInputException("trainedStaffLeft", "must not be more than the " + trained
          + " staff trained with the grant (was " + left + ")");
    }
    String passedOn = inputs.choice("passedOnToNewStaff", PASSED_ON);
    reports.saveFollowUp(grant.id(), new FollowUp(inUse, left, passedOn,
        inputs.optionalText("followUpComment", Inputs.LONG_TEXT), currentUser.id(task), null));
  }

  private int staffTrained(Grant grant) {
    return reports.latest(grant.id()).map(ImpactReport::content).map(ImpactContent::staffTrained).orElse(0);
  }
}
