package org.coachgrant.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.grant.GrantService;
import org.coachgrant.trainingplan.TrainingPlanService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Normal use writes no error to H2's trace file: the journey runs on an H2 file database, as the default
 * run does, and the file H2 writes its errors to ({@code coachgrant.trace.db}) is never created.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class TraceFileTest extends CoachgrantTest {

  @TempDir static Path database;

  @Autowired TrainingPlanService plans;
  @Autowired GrantService grants;

  @DynamicPropertySource
  static void fileDatabase(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + database.resolve("coachgrant") + ";TRACE_LEVEL_FILE=1");
    // an engine of its own name: closing this context must not unregister the shared context's engine
    registry.add("camunda.bpm.process-engine-name", () -> "traceFile");
  }

  @Test
  void aWholeJourneyWritesNoTrace() throws Exception {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(2, "300"));
    review(instance, "ruth", "approve", null);

    assertThat(programmes.findSettingByUrn(f.settingUrn())).isPresent();
    assertThat(programmes.findProgrammeByCode(f.programmeCode())).isPresent();
    assertThat(plans.context(planId(instance)).programme().code()).isEqualTo(f.programmeCode());
    assertThat(grants.forPlan(planId(instance))).isPresent();
    Path trace = database.resolve("coachgrant.trace.db");
    assertThat(Files.exists(trace) ? Files.readString(trace) : "").as("what H2 wrote to its trace file").isEmpty();
  }
}
