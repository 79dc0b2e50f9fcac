package org.coachgrant.trainingplan;

import org.coachgrant.system.ModelBean;
import static org.coachgrant.trainingplan.TrainingPlanProcess.MANAGER_ID;
import static org.coachgrant.trainingplan.TrainingPlanProcess.PLAN_ID;
import static org.coachgrant.trainingplan.TrainingPlanProcess.PROGRAMME_CODE;
import static org.coachgrant.trainingplan.TrainingPlanProcess.PROGRAMME_ID;
import static org.coachgrant.trainingplan.TrainingPlanProcess.SETTING_URN;

import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.coachgrant.forms.Inputs;
import org.coachgrant.forms.InvalidInputException;
import org.coachgrant.security.SystemAccess;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.coachgrant.trainingplan.TrainingPlanService.PlanContext;

/** {@code Task_OpenTrainingPlan}: checks the request and stores the plan; refuses the start if it is wrong. */
@ModelBean("openTrainingPlan")
class OpenTrainingPlanDelegate implements JavaDelegate {

  private static final Set<String> START_FIELDS = Set.of(SETTING_URN.name(), PROGRAMME_CODE.name());

  private final TrainingPlanService plans;
  private final PlanDeadline deadline;

  OpenTrainingPlanDelegate(TrainingPlanService plans, PlanDeadline deadline) {
    this.plans = plans;
    this.deadline = deadline;
  }

  @Override
  public void execute(DelegateExecution execution) {
    for (String name : execution.getVariableNames()) {
      if (!START_FIELDS.contains(name)) {
        throw new InvalidInputException(name, "is not a field of the form 'request-training-plan'");
      }
    }
    Inputs inputs = Inputs.of(execution);
    PlanContext opened = plans.open(inputs.text(PROGRAMME_CODE.name(), 40), inputs.text(SETTING_URN.name(), 20),
        execution.getProcessInstanceId());
    PLAN_ID.set(execution, opened.plan().id());
    PROGRAMME_ID.set(execution, opened.programme().id());
    MANAGER_ID.set(execution, opened.setting().managerUserId());
    deadline.schedule(execution, opened.plan().deadline());
    execution.setProcessBusinessKey(opened.programme().code() + "/" + opened.setting().urn());
    SystemAccess.run(() -> grantManager(execution, opened.setting().managerUserId()));
  }

  /** The manager sees their own plan's process instance, and no other. */
  private void grantManager(DelegateExecution execution, String managerId) {
    AuthorizationService authorizations = execution.getProcessEngineServices().getAuthorizationService();
    Authorization grant = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    grant.setUserId(managerId);
    grant.setResource(Resources.PROCESS_INSTANCE);
    grant.setResourceId(execution.getProcessInstanceId());
    grant.addPermission(Permissions.READ);
    authorizations.saveAuthorization(grant);
  }
}
