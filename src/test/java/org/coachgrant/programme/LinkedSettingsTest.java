package org.coachgrant.programme;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.coaching.Coaching;
import org.coachgrant.system.SignedInBrowser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * What the people of a programme read about it: a reviewer linked to a setting never sees it counted, on
 * /programmes, the dashboard or the report; the budget and what is committed of it are for coordinators,
 * reviewers and administrators, and the managers and coaches taking part read the programme without them.
 */
class LinkedSettingsTest extends CoachgrantTest {

  @LocalServerPort int port;
  @Autowired TestRestTemplate http;
  @Autowired ProgrammeFigures figures;
  @Autowired Coaching coaching;

  @Test
  void robsCountsLeaveOutSunflowerTheSettingHeCoachesWhereverHeReadsThem() throws Exception {
    person("carl", "coaches");
    Fixture other = fixture("10000", "1500");
    Fixture sunflower = enrol(other.programmeCode(), other.programmeId());
    programmes.link(sunflower.settingId(), "rob", "COACH");
    ProcessInstance plan = requestPlan(sunflower);
    submitPlan(plan, sunflower.manager(), plan(2, "300"));
    review(plan, "ruth", "approve", null);
    coaching.allocate(other.programmeCode());
    Instant start = Instant.now().plus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
    coaching.schedule(other.programmeCode(), 1, List.of(new Coaching.SessionInput(start, null, "Library"),
        new Coaching.SessionInput(start.plus(7, ChronoUnit.DAYS), null, "Library"),
        new Coaching.SessionInput(start.plus(14, ChronoUnit.DAYS), null, "Library")));
    long session = jdbc.sql("select cs.id from coaching_session cs join coaching_group g on g.id = cs.group_id"
        + " where g.programme_id = ? and cs.number = 1").param(other.programmeId()).query(Long.class).single();
    for (Fixture f : List.of(other, sunflower)) {
      jdbc.sql("insert into attendance (session_id, setting_id, attended, recorded_by, recorded_at) values (?, ?, true, 'carl', ?)")
          .params(session, f.settingId(), new Timestamp(System.currentTimeMillis())).update();
      jdbc.sql("insert into session_feedback (session_id, setting_id, rating, comment, submitted_at) values (?, ?, ?, ?, ?)")
          .params(session, f.settingId(), f == sunflower ? 1 : 5, "Said by " + f.settingUrn(),
              new Timestamp(System.currentTimeMillis())).update();
    }

    // cora sees both settings, the plan and the grant
    SignedInBrowser cora = signedIn("cora");
    assertThat(headline(cora, other.programmeCode())).containsExactly("2", "1", "1");
    // rob, on /programmes, sees only the setting he may see: no plan, no grant
    SignedInBrowser rob = signedIn("rob");
    assertThat(headline(rob, other.programmeCode())).containsExactly("1", "0", "0");

    // and the same on the dashboard: attendance, feedback, comments and the ledger's commitment
    assertThat(figures.attendance(other.programmeId(), "cora").get(0)).extracting(a -> a.expected(), a -> a.attended())
        .containsExactly(2L, 2L);
    assertThat(figures.attendance(other.programmeId(), "rob").get(0)).extracting(a -> a.expected(), a -> a.attended(),
        a -> a.recorded()).containsExactly(1L, 1L, 1L);
    assertThat(figures.feedback(other.programmeId(), "rob").get(0)).extracting(f -> f.responses(), f -> f.average().intValue())
        .containsExactly(1L, 5);
    String grant = jdbc.sql("select reference from training_grant where programme_id = ?").param(other.programmeId())
        .query(String.class).single();
    String dashboard = rob.get("/programmes/" + other.programmeCode()).body();
    assertThat(dashboard).contains("Said by " + other.settingUrn()).doesNotContain("Said by " + sunflower.settingUrn())
        .doesNotContain(grant);
    assertThat(cora.get("/programmes/" + other.programmeCode()).body()).contains("Said by " + sunflower.settingUrn())
        .contains(grant);
    assertThat(figures.funnel(other.programmeId(), "rob")).filteredOn(s -> s.count() > 0)
        .extracting(s -> s.stage()).doesNotContain(ProgrammeFigures.Stage.SUBMITTED, ProgrammeFigures.Stage.RELEASED);
  }

  @Test
  void managersAndCoachesReadTheirProgrammeWithoutItsBudgetAndOthersNotAtAll() throws Exception {
    person("carl", "coaches");
    person("carla", "coaches");
    Fixture mias = fixture("10000", "1500");
    Fixture notMias = fixture("20000", "1500");
    coaching.allocate(mias.programmeCode());
    String coach = jdbc.sql("select coach_id from coaching_group where programme_id = ?").param(mias.programmeId())
        .query(String.class).single();
    String otherCoach = coach.equals("carl") ? "carla" : "carl";

    for (String person : List.of(mias.manager(), coach)) {
      ResponseEntity<Map> read = http.withBasicAuth(person, PASSWORD).getForEntity("/api/programmes/" + mias.programmeCode(), Map.class);
      assertThat(read.getStatusCode()).as(person).isEqualTo(HttpStatus.OK);
      assertThat(read.getBody()).as(person).containsEntry("code", mias.programmeCode()).containsKey("grantCap")
          .containsKey("planDeadline").doesNotContainKeys("budget", "committed", "remaining", "id");
      // every other route that shows a programme's money refuses them
      SignedInBrowser browser = signedIn(person);
      for (String page : List.of("/programmes", "/programmes/" + mias.programmeCode(), "/programmes/" + mias.programmeCode()
          + "/budget", "/programmes/" + mias.programmeCode() + "/report.pdf", "/programmes/" + mias.programmeCode() + "/grants.csv")) {
        assertThat(browser.get(page).statusCode()).as(person + " " + page).isEqualTo(403);
      }
    }
    for (String[] outsider : List.of(new String[] {mias.manager(), notMias.programmeCode()},
        new String[] {otherCoach, mias.programmeCode()})) {
      assertThat(http.withBasicAuth(outsider[0], PASSWORD).getForEntity("/api/programmes/" + outsider[1], String.class)
          .getStatusCode()).as(outsider[0] + " reads " + outsider[1]).isEqualTo(HttpStatus.FORBIDDEN);
    }
    for (String reader : List.of("cora", "ruth", "sam", "admin")) {
      ResponseEntity<Map> read = http.withBasicAuth(reader, "admin".equals(reader) ? "Test-Only-Coach-7x!" : PASSWORD)
          .getForEntity("/api/programmes/" + mias.programmeCode(), Map.class);
      assertThat(read.getBody()).as(reader).containsKeys("budget", "committed");
    }
  }

  /** The programme's row on /programmes: settings enrolled, plans submitted, grants released. */
  private static List<String> headline(SignedInBrowser browser, String code) throws Exception {
    HttpResponse<String> page = browser.get("/programmes");
    assertThat(page.statusCode()).isEqualTo(200);
    Matcher row = Pattern.compile("(?s)<tr>\\s*<td><a [^>]*>[^<]*</a>\\s*<br><span class=\"caption\">" + Pattern.quote(code)
        + "</span></td>\\s*<td class=\"num\">([^<]*)</td>\\s*<td class=\"num\">([^<]*)</td>\\s*<td class=\"num\">([^<]*)</td>")
        .matcher(page.body());
    assertThat(row.find()).as("the row of " + code).isTrue();
    return List.of(row.group(1), row.group(2), row.group(3));
  }

  private SignedInBrowser signedIn(String user) throws Exception {
    SignedInBrowser browser = new SignedInBrowser(port);
    assertThat(browser.signIn(user, PASSWORD).headers().firstValue("Location").orElseThrow()).doesNotContain("error");
    return browser;
  }
}
