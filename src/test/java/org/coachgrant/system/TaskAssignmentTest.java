package org.coachgrant.system;

import org.coachgrant.forms.InvalidInputException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.coachgrant.trainingplan.TrainingPlanService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Deny by default for every task with a form, whatever its handler checks besides: a task offered to groups goes
 * only to a member of one of them, and a task the process gave to one person goes to nobody else, even when an
 * administrator passes it through the Java API.
 */
class TaskAssignmentTest extends CoachgrantTest {

  @Autowired TrainingPlanService plans;

  @Test
  void aCoordinatorsTaskGoesOnlyToACoordinator() {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    moveClockTo(plans.context(planId(instance)).plan().deadline().plusDays(1));
    executeJobs();
    String overdue = task(instance, TrainingPlanProcess.TASK_HANDLE_OVERDUE).getId();

    actAs("admin");
    assertThatThrownBy(() -> tasks.setAssignee(overdue, "ruth")).isInstanceOf(InvalidInputException.class)
        .hasMessage("assignee: ruth may not take this task: it is offered to coordinators only");
    assertThatThrownBy(() -> tasks.setAssignee(overdue, f.manager())).isInstanceOf(InvalidInputException.class);
    tasks.setAssignee(overdue, "cora");

    assertThat(task(instance, TrainingPlanProcess.TASK_HANDLE_OVERDUE).getAssignee()).isEqualTo("cora");
  }

  @Test
  void aManagersTaskIsNeverPassedToAnotherPerson() {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    String submit = task(instance, TrainingPlanProcess.TASK_SUBMIT).getId();

    actAs("admin");
    assertThatThrownBy(() -> tasks.setAssignee(submit, "noah")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("noah may not take this task");
    assertThatThrownBy(() -> tasks.setAssignee(submit, "cora")).isInstanceOf(InvalidInputException.class);

    assertThat(task(instance, TrainingPlanProcess.TASK_SUBMIT).getAssignee()).isEqualTo(f.manager());
  }

  @Test
  void aClaimedTaskGoesBackToItsGroupOnlyByThePersonWhoHoldsIt() {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    moveClockTo(plans.context(planId(instance)).plan().deadline().plusDays(1));
    executeJobs();
    String overdue = task(instance, TrainingPlanProcess.TASK_HANDLE_OVERDUE).getId();
    actAs("cora");
    tasks.claim(overdue, "cora");

    // a claim that names nobody is the engine's unclaim, which needs only the right to work on the task
    actAs("colin");
    assertThatThrownBy(() -> tasks.claim(overdue, null)).isInstanceOf(InvalidInputException.class)
        .hasMessage("assignee: only the person who claimed this task can hand it back");
    assertThat(task(instance, TrainingPlanProcess.TASK_HANDLE_OVERDUE).getAssignee()).isEqualTo("cora");

    actAs("cora");
    tasks.claim(overdue, null);
    assertThat(task(instance, TrainingPlanProcess.TASK_HANDLE_OVERDUE).getAssignee()).isNull();
  }
}
