package org.coachgrant.coachnotes;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.coachgrant.programme.ProgrammeFigures;
import org.coachgrant.system.SignedInBrowser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Coordinators' aggregates (issue 24, points 3 and 5): coaching hours against the plan, and feedback and hours per
 * group and per coach, on the dashboard, in the coaching CSV and in the programme report, and never a note's words.
 */
class CoachingFiguresTest extends TwoCoachedGroups {

  @Autowired TestRestTemplate http;
  @Autowired ProgrammeFigures figures;
  @LocalServerPort int port;

  @Test
  void theDashboardAndTheReportShowCoachingHoursAgainstPlanAndFeedbackPerGroupAndCoach() throws Exception {
    Story story = story();
    Fixture mia = story.mia();
    Fixture noah = story.noah();
    Fixture tom = story.tom();
    CoachedGroup one = story.one();
    CoachedGroup two = story.two();
    one.feedback(jdbc, 1, mia.settingId(), 4);
    one.feedback(jdbc, 1, noah.settingId(), 5);
    two.feedback(jdbc, 1, tom.settingId(), 3);
    String yesterday = LocalDate.now(java.time.ZoneId.of("Europe/London")).minusDays(1).toString();
    record(one, "carl", Map.of("date", yesterday, "kind", "SESSION", "hours", 2, "minutes", 30));
    record(one, "carl", Map.of("date", yesterday, "kind", "PREPARATION", "hours", 1));
    record(two, "cleo", Map.of("date", yesterday, "kind", "FOLLOW_UP", "minutes", 45));
    String secret = "Never-on-the-dashboard-" + mia.settingId();
    assertThat(http.withBasicAuth("carl", PASSWORD).exchange("/api/groups/{g}/sessions/1/notes/{m}",
        org.springframework.http.HttpMethod.PUT, new org.springframework.http.HttpEntity<>(Map.of("text", secret)), String.class,
        one.id(), mia.manager()).getStatusCode().is2xxSuccessful()).isTrue();

    // the plan: 2 groups × 3 sessions × (120 + 60) minutes = 18 hours; recorded: 2 h 30 + 1 h + 45 min = 4 h 15
    ProgrammeFigures.CoachingHours hours = figures.coachingHours(mia.programmeId());
    assertThat(hours.plannedMinutes()).isEqualTo(18 * 60);
    assertThat(hours.recordedMinutes()).isEqualTo(255);
    assertThat(hours.recorded()).isEqualTo("4.3 h");
    assertThat(hours.planned()).as("whole hours without a .0").isEqualTo("18 h");
    assertThat(hours.percent()).isEqualTo(24);

    List<ProgrammeFigures.CoachingRow> groups = figures.coachingByGroup(mia.programmeId(), "cora");
    assertThat(groups).extracting(ProgrammeFigures.CoachingRow::label).containsExactly("Group 1", "Group 2");
    assertThat(groups.get(0).coach()).isEqualTo("Carl Example");
    assertThat(groups.get(0).responses()).isEqualTo(2);
    assertThat(groups.get(0).average()).isEqualByComparingTo(new BigDecimal("4.5"));
    assertThat(groups.get(0).recordedMinutes()).isEqualTo(210);
    assertThat(groups.get(1).average()).isEqualByComparingTo(new BigDecimal("3.0"));
    assertThat(groups.get(1).recordedMinutes()).isEqualTo(45);
    List<ProgrammeFigures.CoachingRow> coaches = figures.coachingByCoach(mia.programmeId(), "cora");
    assertThat(coaches).extracting(ProgrammeFigures.CoachingRow::label).containsExactlyInAnyOrder("Carl Example", "Cleo Example");
    ProgrammeFigures.CoachingRow carl = coaches.stream().filter(c -> c.label().startsWith("Carl")).findFirst().orElseThrow();
    assertThat(carl.groups()).isEqualTo(1);
    assertThat(carl.recorded()).isEqualTo("3.5 h");
    assertThat(carl.planned()).isEqualTo("9 h");
    // pages group thousands as en-GB does; a spreadsheet gets the bare figure
    assertThat(org.coachgrant.format.Formats.hours(74_070)).isEqualTo("1,234.5 h");
    assertThat(org.coachgrant.format.Formats.hours(240_000)).isEqualTo("4,000 h");
    assertThat(ProgrammeFigures.hours(240_000)).isEqualTo("4000.0");
    assertThat(org.coachgrant.format.Formats.count(4000, "goal", "goals")).isEqualTo("4,000 goals");

    SignedInBrowser cora = new SignedInBrowser(port);
    cora.signIn("cora", PASSWORD);
    String dashboard = cora.get("/programmes/" + mia.programmeCode()).body();
    assertThat(dashboard).contains("Coaching hours: 4.3 h recorded of 18 h planned (24%), for 2 groups.")
        .contains("<td class=\"num\">3.5 h</td><td class=\"num\">9 h</td>").doesNotContain("18.0")
        .contains("id=\"coaching-by-group\"").contains("id=\"coaching-by-coach\"").contains("Carl Example")
        .doesNotContain(secret);
    String csv = cora.get("/programmes/" + mia.programmeCode() + "/coaching.csv").body();
    assertThat(csv).contains("\"Group 1\",\"Carl Example\",\"3.5\",\"9.0\",\"2\",\"4.5\"")
        .contains("\"Group 2\",\"Cleo Example\",\"0.8\",\"9.0\",\"1\",\"3.0\"")
        .doesNotContain(secret);
    String report = CoachingNotesAccessTest.reportText(cora, mia.programmeCode());
    assertThat(report).contains("Coaching hours").contains("4.3 h recorded of 18 h planned (24%), for 2 groups")
        .contains("3.5 h").doesNotContain("18.0").contains("Carl Example")
        .contains("Cleo Example").doesNotContain(secret);
  }

  private void record(CoachedGroup group, String coach, Map<String, Object> body) {
    assertThat(http.withBasicAuth(coach, PASSWORD).postForEntity("/api/groups/{g}/time", body, String.class, group.id())
        .getStatusCode().value()).isEqualTo(201);
  }
}
