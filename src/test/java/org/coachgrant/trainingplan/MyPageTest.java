package org.coachgrant.trainingplan;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.programme.LetterSettings;
import org.coachgrant.system.SignedInBrowser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** {@code /my}: a manager's own settings and nobody else's; a coach's groups; no page for the other roles. */
class MyPageTest extends CoachgrantTest {

  @LocalServerPort int port;
  @Autowired TestRestTemplate http;

  @Test
  void aManagerSeesSessionsPlanVersionsDecisionsGrantAndWhatIsDueNext() throws Exception {
    Fixture f = fixture("10000", "1500");
    person("carlmy", "coaches");
    sessions(f, "carlmy");
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(2, "300"));
    review(instance, "ruth", "changes", "Please add how the learning reaches the baby room.");

    String revising = signedIn(f.manager()).get("/my").body();
    assertThat(revising).contains("Test programme").contains("Setting ")
        .contains("Changes asked for: waiting for you to revise it")
        .contains("href=\"/tasks/" + task(instance, TrainingPlanProcess.TASK_SUBMIT).getId() + "\"").contains("Submit training plan")
        .contains("Please add how the learning reaches the baby room.");

    submitPlan(instance, f.manager(), plan(3, "300"));
    review(instance, "ruth", "approve", null);

    HttpResponse<String> page = signedIn(f.manager()).get("/my");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("Attended").contains("Missed").contains("To come").contains("Library room 3")
        .containsPattern("(GMT|BST)")
        .contains("Version 1").contains("Version 2").contains("Changes asked for").contains("by Ruth Example, ").doesNotContain("by ruth")
        .contains("Elklan Speech and Language: staff 2 → 3").contains("£900.00")
        .contains("Approved and funded").contains(f.programmeCode() + "-G")
        .contains("Report impact").contains("href=\"/tasks/" + task(instance, TrainingPlanProcess.TASK_REPORT_IMPACT).getId() + "\"")
        .contains("Due by ");

    String letter = signedIn(f.manager()).get("/my/plans/" + planId(instance) + "/letter").body();
    assertThat(letter).contains("Grant letter").contains(f.programmeCode() + "-G").contains("£900.00").contains("£300.00");
  }

  @Test
  void theGrantLetterSaysWhoIssuesItTheDateOfAwardWhomToContactAndTheTermsAsTyped() throws Exception {
    Map<String, Object> settings = programmeBody();
    settings.put("issuingBody", "Early Years <b>Alliance</b> & Partners");
    settings.put("contactName", "Priya O'Neill");
    settings.put("contactEmail", "grants@early-years.example.org");
    settings.put("grantTerms", "Spend the grant by 31 March 2028.\n\n  Return what is not spent <script>alert(1)</script>.\n");
    ResponseEntity<Map> created = http.withBasicAuth("cora", PASSWORD).postForEntity("/api/programmes", settings, Map.class);
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(created.getBody()).containsEntry("contactEmail", "grants@early-years.example.org");
    Fixture f = enrol((String) created.getBody().get("code"), ((Number) created.getBody().get("id")).longValue());
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(2, "300"));
    review(instance, "ruth", "approve", null);
    // committed late on 30 June in UTC: already 1 July in the programme's London, the day the letter says
    jdbc.sql("update training_grant set committed_at = ? where plan_id = ?")
        .params(Timestamp.from(Instant.parse("2027-06-30T23:30:00Z")), planId(instance)).update();

    String letter = signedIn(f.manager()).get("/my/plans/" + planId(instance) + "/letter").body();
    assertThat(letter)
        .contains("<p id=\"letter-from\" class=\"letter-from\">Early Years &lt;b&gt;Alliance&lt;/b&gt; &amp; Partners</p>")
        .contains("<time datetime=\"2027-07-01\">1 July 2027</time>")
        .contains("<dt>Date of award</dt><dd id=\"letter-awarded\">1 July 2027</dd>")
        .contains("Priya O&#39;Neill").contains("href=\"mailto:grants@early-years.example.org\"")
        .contains("<li>Spend the grant by 31 March 2028.</li>")
        .contains("<li>Return what is not spent &lt;script&gt;alert(1)&lt;/script&gt;.</li>")
        .contains("For Early Years &lt;b&gt;Alliance&lt;/b&gt; &amp; Partners")
        .doesNotContain("<b>Alliance").doesNotContain("<script>alert");
    String terms = letter.substring(letter.indexOf("<ol id=\"letter-terms\">"), letter.indexOf("</ol>", letter.indexOf("letter-terms")));
    assertThat(terms.split("<li>", -1)).as("two terms, the blank line left out").hasSize(3);
  }

  @Test
  void aProgrammeThatNamesNoLetterSettingsSignsWithTheConfiguredOnesAndTheStandardTerms() throws Exception {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(2, "300"));
    review(instance, "ruth", "approve", null);
    jdbc.sql("update training_grant set committed_at = ? where plan_id = ?")
        .params(Timestamp.from(Instant.parse("2026-11-02T09:00:00Z")), planId(instance)).update();

    String letter = signedIn(f.manager()).get("/my/plans/" + planId(instance) + "/letter").body();
    assertThat(letter).contains("<p id=\"letter-from\" class=\"letter-from\">Coachgrant</p>")
        .contains("The programme team").contains("mailto:coachgrant@example.org")
        .contains("<dt>Date of award</dt><dd id=\"letter-awarded\">2 November 2026</dd>")
        .contains(LetterSettings.STANDARD_TERMS.lines().findFirst().orElseThrow().replace("'", "&#39;"));
  }

  @Test
  void aBadLetterSettingOnTheProgrammeFormIsShownBesideItsField() throws Exception {
    HttpResponse<String> form = signedIn("cora").postForm("/programmes/new", "/programmes", Map.of("code",
        "P-" + UUID.randomUUID().toString().substring(0, 8), "name", "Letters", "budget", "1000", "grantCap", "500",
        "planDeadline", LocalDate.now().plusMonths(2).toString(), "contactName", "Priya", "contactEmail", "priya at home"));
    assertThat(form.statusCode()).isEqualTo(200);
    assertThat(form.body()).contains("href=\"#contactEmail\"")
        .contains("Contact email address: must be an email address like grants@example.org (was &#39;priya at home&#39;)")
        .contains("id=\"contactEmail-error\"").contains("value=\"priya at home\"");
  }

  @Test
  void aManagerNeverSeesAnotherManagersSetting() throws Exception {
    Fixture mine = fixture("10000", "1500");
    Fixture theirs = enrol(mine.programmeCode(), mine.programmeId());
    ProcessInstance their = requestPlan(theirs);
    submitPlan(their, theirs.manager(), plan(2, "300"));
    review(their, "ruth", "approve", null);
    requestPlan(mine);

    SignedInBrowser me = signedIn(mine.manager());
    String page = me.get("/my").body();
    assertThat(page).contains(mine.settingUrn()).doesNotContain(theirs.settingUrn()).doesNotContain(mine.programmeCode() + "-G");
    assertThat(me.get("/my/plans/" + planId(their) + "/letter").statusCode()).as("another's grant letter").isEqualTo(404);
    assertThat(signedIn(theirs.manager()).get("/my/plans/" + planId(their) + "/letter").statusCode()).isEqualTo(200);
  }

  @Test
  void aCoachSeesTheGroupsTheyCoach() throws Exception {
    Fixture f = fixture("10000", "1500");
    person("colette", "coaches");
    sessions(f, "colette");
    String page = signedIn("colette").get("/my").body();
    assertThat(page).contains("Groups you coach").contains(f.settingUrn()).contains("Library room 1");
  }

  @Test
  void rolesWithoutAPageOfTheirOwnAreRefused() throws Exception {
    for (String user : new String[] {"cora", "ruth", "sam"}) {
      assertThat(signedIn(user).get("/my").statusCode()).as(user).isEqualTo(403);
    }
  }

  /** A group of the fixture's setting with three sessions: one attended, one missed, one to come. */
  private void sessions(Fixture f, String coach) {
    jdbc.sql("insert into coaching_group (programme_id, number, coach_id) values (?, 1, ?)").params(f.programmeId(), coach).update();
    long group = jdbc.sql("select id from coaching_group where programme_id = ?").param(f.programmeId()).query(Long.class).single();
    jdbc.sql("insert into group_member (programme_id, group_id, setting_id) values (?, ?, ?)")
        .params(f.programmeId(), group, f.settingId()).update();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    Instant[] starts = {now.minus(14, ChronoUnit.DAYS), now.minus(7, ChronoUnit.DAYS), now.plus(7, ChronoUnit.DAYS)};
    for (int n = 1; n <= 3; n++) {
      jdbc.sql("insert into coaching_session (group_id, number, starts_at, minutes, place, status) values (?, ?, ?, 120, ?, 'SCHEDULED')")
          .params(group, n, Timestamp.from(starts[n - 1]), "Library room " + n).update();
    }
    for (int n = 1; n <= 2; n++) {
      long session = jdbc.sql("select id from coaching_session where group_id = ? and number = ?").params(group, n)
          .query(Long.class).single();
      jdbc.sql("insert into attendance (session_id, setting_id, attended, recorded_by, recorded_at) values (?, ?, ?, ?, ?)")
          .params(session, f.settingId(), n == 1, coach, Timestamp.from(now)).update();
    }
  }

  private SignedInBrowser signedIn(String user) throws Exception {
    SignedInBrowser browser = new SignedInBrowser(port);
    assertThat(browser.signIn(user, PASSWORD).headers().firstValue("Location").orElseThrow()).doesNotContain("error");
    return browser;
  }

}
