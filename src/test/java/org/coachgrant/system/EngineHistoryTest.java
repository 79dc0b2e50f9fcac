package org.coachgrant.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.junit.jupiter.api.Test;

/** The engine's history as Coachgrant keeps it: audit's, without variable history or gateway rows. */
class EngineHistoryTest extends CoachgrantTest {

  @Test
  void aPlanReviewedKeepsItsActivitiesAndTasksButNoVariablesNorGateways() {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(2, "300"));
    review(instance, "ruth", "changes", "Please say who mentors the new starters.");
    submitPlan(instance, f.manager(), plan(3, "300"));

    var history = engine.getHistoryService();
    assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(instance.getId()).count())
        .as("the plan's words are in Coachgrant's tables, not copied into the engine's history").isZero();
    assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(instance.getId()).list())
        .extracting(HistoricActivityInstance::getActivityType).doesNotContain("exclusiveGateway", "parallelGateway")
        .contains("userTask", "sendTask", "startEvent");
    assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(instance.getId())
        .activityId(TrainingPlanProcess.TASK_SUBMIT).finished().count()).as("each submission").isEqualTo(2);
    assertThat(history.createHistoricTaskInstanceQuery().processInstanceId(instance.getId()).finished().count())
        .as("submitted, reviewed, submitted").isEqualTo(3);
    assertThat(runtime.getVariable(instance.getId(), "managerId")).as("a running instance keeps its variables")
        .isEqualTo(f.manager());
  }

  @Test
  void theDatabaseRecordsAuditsLevelSoAnEarlierReleasesDatabaseStartsUnchanged() {
    assertThat(jdbc.sql("select value_ from act_ge_property where name_ = 'historyLevel'").query(String.class).single())
        .isEqualTo("2");
    assertThat(((org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
        .getHistoryLevel().getName()).isEqualTo("coachgrant");
  }
}
