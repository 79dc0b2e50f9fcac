package org.coachgrant.coaching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.programme.ProgrammeFigures;
import org.coachgrant.forms.InvalidInputException;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Sessions after the plan deadline are warned of, not refused; a plan is requested only past the attendance gate. */
class SessionsAfterDeadlineTest extends CoachgrantTest {

  @Autowired Coaching coaching;
  @Autowired ProgrammeFigures figures;
  @Autowired org.springframework.boot.test.web.client.TestRestTemplate http;

  @Test
  void aGroupWhoseLastSessionIsAfterTheDeadlineIsNamedWithBothDates() {
    person("carl", "coaches");
    Fixture f = fixture("100000", "1500");
    coaching.allocate(f.programmeCode());
    LocalDate deadline = programmes.findProgramme(f.programmeId()).orElseThrow().planDeadline();
    Instant first = deadline.minusDays(20).atTime(10, 0).atZone(ZoneId.of("Europe/London")).toInstant();
    coaching.schedule(f.programmeCode(), 1, List.of(new Coaching.SessionInput(first, null, "Library"),
        new Coaching.SessionInput(first.plus(10, ChronoUnit.DAYS), null, "Library"),
        new Coaching.SessionInput(first.plus(33, ChronoUnit.DAYS), null, "Library")));

    List<ProgrammeFigures.LateGroup> late = figures.groupsAfterDeadline(programmes.findProgramme(f.programmeId()).orElseThrow());
    assertThat(late).extracting(ProgrammeFigures.LateGroup::number).containsExactly(1);
    assertThat(late.get(0).sentence()).startsWith("Group 1's last session is on "
        + org.coachgrant.format.Formats.date(deadline.plusDays(13)) + ", after the plan deadline of "
        + org.coachgrant.format.Formats.date(deadline));
  }

  @Test
  void aPlanForASettingInNoGroupIsRefusedUntilItsSessionsAreWaived() {
    Fixture f = fixture("10000", "1500");
    Map<String, Object> start = Map.of(TrainingPlanProcess.PROGRAMME_CODE.name(), f.programmeCode(),
        TrainingPlanProcess.SETTING_URN.name(), f.settingUrn());
    assertThatThrownBy(() -> runtime.startProcessInstanceByKey(TrainingPlanProcess.KEY, start))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("settingUrn: ").hasMessageContaining("has neither attended nor had waived sessions 1, 2, 3")
        .hasMessageContaining("a training plan is requested only once every session was attended or waived");
    attendanceWaived(f);
    assertThat(runtime.startProcessInstanceByKey(TrainingPlanProcess.KEY, start)).isNotNull();
  }

  @Test
  void tasklistsStartProcessForASettingInNoGroupIsA400NamingSettingUrnAndTheRule() {
    Fixture f = fixture("10000", "1500");
    org.springframework.http.ResponseEntity<Map> refused = http.withBasicAuth("cora", PASSWORD).postForEntity(
        "/engine-rest/process-definition/key/trainingPlan/submit-form", Map.of("variables", Map.of(
            "programmeCode", Map.of("value", f.programmeCode()), "settingUrn", Map.of("value", f.settingUrn()))), Map.class);
    assertThat(refused.getStatusCode().value()).isEqualTo(400);
    assertThat((String) refused.getBody().get("message")).as("the field by its label").startsWith("Setting URN: ")
        .contains(f.settingUrn()).contains("a training plan is requested only once every session was attended or waived");
    assertThat(jdbc.sql("select count(*) from training_plan where setting_id = ?").param(f.settingId()).query(Long.class)
        .single()).as("no plan opened").isZero();
    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey("trainingPlan")
        .variableValueEquals("settingUrn", f.settingUrn()).count()).as("no process left").isZero();
  }
}
