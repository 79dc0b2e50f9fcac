package org.coachgrant.modelling;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * "What changed", as a reader wants it: a file saved by the editor is reformatted on nearly every line, yet the
 * list names only the model's changes (added, removed, renamed, attributes and expressions changed).
 */
class ModelChangesTest {

  @Test
  void aRenamedTaskInAReformattedFileIsOneLineAndEveryOtherKindOfChangeIsNamed() throws Exception {
    String before = Files.readString(Path.of("processes/trainingPlan.bpmn"));
    String renamed = before.replace("name=\"Review training plan\"", "name=\"Review the training plan\"")
        .replace("\n  ", "\n    ").replace(" camunda:decisionRefBinding=\"latest\"", "");
    assertThat(ModelChanges.diff("trainingPlan.bpmn", before, renamed).lines().count()).isGreaterThan(1000);
    assertThat(ModelChanges.modelChanges(before, renamed))
        .containsExactly("Renamed user task Task_ReviewTrainingPlan from \"Review training plan\" to \"Review the training plan\"");

    String changed = before
        .replace("camunda:candidateGroups=\"reviewers\">", "camunda:candidateGroups=\"reviewers,seniorReviewers\">")
        .replace("${reviewDecision == 'approve'}", "${reviewDecision == 'approved'}")
        .replace("<bpmn:endEvent id=\"Event_PlanRejected\" name=\"Plan rejected\">",
            "<bpmn:task id=\"Task_Note\" name=\"Note it\" /><bpmn:endEvent id=\"Event_PlanRejected\" name=\"Plan rejected\">")
        .replace("<dc:Bounds x=\"1000\" y=\"360\"", "<dc:Bounds x=\"1010\" y=\"360\"");
    assertThat(ModelChanges.modelChanges(before, changed)).containsExactlyInAnyOrder(
        "User task \"Review training plan\" (Task_ReviewTrainingPlan): camunda:candidateGroups changed from \"reviewers\" "
            + "to \"reviewers,seniorReviewers\"",
        "Flow \"approve\" (Flow_ApproveToRules): its content changed from \"${reviewDecision == 'approve'}\" to "
            + "\"${reviewDecision == 'approved'}\"",
        "Added task \"Note it\" (Task_Note)",
        "The diagram's layout changed");
    assertThat(ModelChanges.modelChanges(changed, before)).contains("Removed task \"Note it\" (Task_Note)");
    assertThat(ModelChanges.modelChanges(null, before)).as("a first version").isEmpty();
  }
}
