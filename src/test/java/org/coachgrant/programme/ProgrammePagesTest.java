package org.coachgrant.programme;

import static org.assertj.core.api.Assertions.assertThat;

import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.notification.EmailTemplates;
import org.coachgrant.notification.Outbox;
import org.coachgrant.system.SignedInBrowser;
import org.coachgrant.format.WebFormat;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The coordinators' workspace over HTTP: the forms, the rules of the REST API, the exports and who may see what. */
class ProgrammePagesTest extends CoachgrantTest {

  @LocalServerPort int port;
  @Autowired WebFormat fmt;
  @Autowired Outbox outbox;

  @Test
  void aProgrammeFormShowsEveryProblemBesideItsFieldAndInTheSummary() throws Exception {
    SignedInBrowser cora = signedIn("cora");
    HttpResponse<String> refused = cora.postForm("/programmes/new", "/programmes", Map.of("code", "has spaces",
        "name", "", "budget", "-5", "grantCap", "1500", "planDeadline", "2020-01-01"));
    assertThat(refused.statusCode()).isEqualTo(200);
    assertThat(refused.body()).contains("There is a problem")
        .contains("href=\"#code\"").contains("May hold only letters, digits and hyphens")
        .contains("href=\"#name\"").contains("Is required")
        .contains("href=\"#budget\"").contains("Must not be negative").contains("Grant budget: must not be negative")
        .contains("href=\"#planDeadline\"").contains("Must be after today")
        .contains("id=\"budget-error\"").contains("aria-invalid=\"true\"");
  }

  @Test
  void eachReviewerIsToldTheTasklistFilterThatHoldsTheirWork() throws Exception {
    assertThat(signedIn("sam").get("/programmes").body()).as("a senior reviewer")
        .contains("Senior approvals</a>.").doesNotContain("Plans to review");
    assertThat(signedIn("ruth").get("/programmes").body()).as("a reviewer")
        .contains("Plans to review</a>.").doesNotContain("Senior approvals");
  }

  @Test
  void aCoordinatorCreatesAProgrammeEnrolsFromCsvAndSeesTheRowReport() throws Exception {
    SignedInBrowser cora = signedIn("cora");
    String code = createProgramme(cora);
    HttpResponse<String> report = upload(cora, code, "setting name,URN,manager name,email\n"
        + "Willow Nursery,EY9" + code.hashCode() % 1000 + "1,Olive Example,olive" + code.toLowerCase() + "@example.org\n"
        + "Bad Row Nursery,EY9" + code.hashCode() % 1000 + "2,No Email,\n");
    assertThat(report.statusCode()).isEqualTo(302);
    String address = report.headers().firstValue("Location").orElseThrow();
    assertThat(address).contains("/programmes/" + code + "/enrolments/imports/");
    assertThat(cora.get(path(address)).body()).contains("Importing").contains("rows checked so far");
    executeJobs();
    assertThat(cora.get(path(address)).body()).contains("Import report").contains("<span>1</span> enrolled")
        .contains("Email is required");
    HttpResponse<String> dashboard = cora.get("/programmes/" + code);
    assertThat(dashboard.body()).contains("id=\"funnel-enrolled\"").contains("£63,000.00");
  }

  /**
   * What import-progress.js reads: the region's state and where to read it again, while the import runs; then the
   * finished report, every refused row with its line, its setting name and the reason in words.
   */
  @Test
  void theImportPageSaysItsStateForThePollAndListsRefusedRowsByLineSettingAndReason() throws Exception {
    SignedInBrowser cora = signedIn("cora");
    String code = createProgramme(cora);
    String n = code.substring(code.indexOf('-') + 1).toLowerCase();
    HttpResponse<String> upload = upload(cora, code, "setting name,URN,manager name,email\n"
        + "Acorn Nursery,EYA" + n + ",Ann Example,ann" + n + "@example.org\n"
        + "Birch Nursery,EYB" + n + ",Ben Example,\n"
        + "Cedar & Co Nursery,EYC" + n + ",Cat Example,not-an-address\n"
        + "Daisy Nursery,EY D" + n + ",Dan Example,dan" + n + "@example.org\n"
        + ",EYE" + n + ",Eve Example,eve" + n + "@example.org\n");
    String address = path(upload.headers().firstValue("Location").orElseThrow());

    String running = cora.get(address).body();
    assertThat(running).contains("data-import-state=\"QUEUED\"").contains("data-poll=\"" + address + "\"")
        .contains("<script src=\"/js/import-progress.js\"></script>")
        .contains("id=\"import-status\" role=\"status\"").contains("0</span> of\n        <span>5</span> rows checked so far")
        .contains("id=\"import-refresh\" class=\"button\" href=\"" + address + "\">Check again</a>")
        .doesNotContain("report-problems");

    executeJobs();
    String finished = cora.get(address).body();
    assertThat(finished).contains("data-import-state=\"FINISHED\"").contains("The import has finished")
        .contains("<span>1</span> enrolled").contains("<span>4</span> rows\n        with a problem")
        .doesNotContain("import-progress.js").doesNotContain("Check again");
    assertThat(refusedRows(finished)).containsExactly(
        List.of("3", "Birch Nursery", "Email is required"),
        List.of("4", "Cedar &amp; Co Nursery", "Email is not an email address (&#39;not-an-address&#39;)"),
        List.of("5", "Daisy Nursery", "URN must be letters, digits and hyphens, like EY123456 (was &#39;EY D" + n + "&#39;)"),
        List.of("6", "(none given)", "Setting name is required"));
  }

  /** The cells of the refused rows' table, row by row. */
  private static List<List<String>> refusedRows(String page) {
    String table = page.substring(page.indexOf("<table id=\"report-problems\">"), page.indexOf("</table>"));
    String body = table.substring(table.indexOf("<tbody>"));
    List<List<String>> rows = new ArrayList<>();
    for (String row : body.split("<tr>")) {
      var cells = java.util.regex.Pattern.compile("<td>(.*?)</td>").matcher(row);
      List<String> values = new ArrayList<>();
      while (cells.find()) {
        values.add(cells.group(1));
      }
      if (!values.isEmpty()) {
        rows.add(values);
      }
    }
    return rows;
  }

  @Test
  void exportsAreQuotedUtf8WithAByteOrderMarkAndNeverRunAFormula() throws Exception {
    SignedInBrowser cora = signedIn("cora");
    String code = createProgramme(cora);
    long id = programmes.findProgrammeByCode(code).orElseThrow().id();
    String urn = "X" + UUID.randomUUID().toString().substring(0, 6);
    person("fx" + urn.toLowerCase().substring(1), "managers");
    long setting = programmes.createSetting(urn, "=HYPERLINK(\"http://evil.example.org\")", "fx" + urn.toLowerCase().substring(1),
        "Eve Example", "eve" + urn + "@example.org");
    programmes.enrol(id, setting);
    jdbc.sql("insert into training_plan (programme_id, setting_id, status, deadline, requested_at) values (?, ?, 'FUNDED', ?, ?)")
        .params(id, setting, LocalDate.now().plusDays(30), java.sql.Timestamp.from(java.time.Instant.now())).update();
    long plan = jdbc.sql("select id from training_plan where setting_id = ?").param(setting).query(Long.class).single();
    jdbc.sql("insert into training_grant (plan_id, programme_id, reference, amount, status, committed_at) values (?, ?, ?, 1500, 'COMMITTED', ?)")
        .params(plan, id, code + "-G" + plan, java.sql.Timestamp.from(java.time.Instant.now())).update();

    HttpResponse<byte[]> grants = cora.http().send(HttpRequest.newBuilder(cora.uri("/programmes/" + code + "/grants.csv")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(grants.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
    byte[] bytes = grants.body();
    assertThat(new byte[] {bytes[0], bytes[1], bytes[2]}).containsExactly(0xEF, 0xBB, 0xBF);
    String csv = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
    assertThat(csv).startsWith("\"Setting\",\"URN\"")
        .contains("\"'=HYPERLINK(\"\"http://evil.example.org\"\")\"").contains("\"1500.00\"");

    assertThat(cora.get("/programmes/" + code + "/attendance.csv").statusCode()).isEqualTo(200);
    HttpResponse<byte[]> pdf = cora.http().send(HttpRequest.newBuilder(cora.uri("/programmes/" + code + "/report.pdf")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(new String(pdf.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
  }

  @Test
  void theReportShowsAProgrammeNamedInMarkupAsTheWordsTyped() throws Exception {
    SignedInBrowser cora = signedIn("cora");
    String code = createProgramme(cora);
    String name = "<b>Early</b> **Years** [click](http://evil.example.org) &lt;";
    jdbc.sql("update programme set name = ? where code = ?").params(name, code).update();

    HttpResponse<byte[]> pdf = cora.http().send(HttpRequest.newBuilder(cora.uri("/programmes/" + code + "/report.pdf")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    String text = new PdfTextExtractor(new PdfReader(pdf.body())).getTextFromPage(1);
    assertThat(text).contains(name);
    // a new programme: each heading says there is nothing under it yet, rather than standing alone
    assertThat(text).contains("Session feedback").contains("No feedback has been given yet.")
        .contains("No session has taken place yet.");
  }

  @Test
  void reviewersReadWithoutTheirOwnSettingsAndManagersAndCoachesAreRefused() throws Exception {
    SignedInBrowser cora = signedIn("cora");
    String code = createProgramme(cora);
    long id = programmes.findProgrammeByCode(code).orElseThrow().id();
    Fixture linked = enrol(code, id);
    programmes.link(linked.settingId(), "rob", "COACH");

    SignedInBrowser rob = signedIn("rob");
    assertThat(rob.get("/programmes/" + code).statusCode()).isEqualTo(200);
    assertThat(rob.get("/programmes/" + code + "/settings?stage=enrolled").body()).doesNotContain(linked.settingUrn());
    assertThat(rob.get("/programmes/" + code + "/settings/" + linked.settingUrn()).statusCode()).isEqualTo(404);
    assertThat(cora.get("/programmes/" + code + "/settings/" + linked.settingUrn()).statusCode()).isEqualTo(200);
    assertThat(rob.postForm("/programmes/" + code, "/programmes/" + code + "/budget", Map.of("amount", "100")).statusCode())
        .as("reviewers read only").isEqualTo(403);
    assertThat(rob.get("/programmes/" + code + "/grants.csv").statusCode()).isEqualTo(403);

    person("carla", "coaches");
    for (String refused : new String[] {linked.manager(), "carla"}) {
      HttpResponse<String> page = signedIn(refused).get("/programmes/" + code);
      assertThat(page.statusCode()).isEqualTo(403);
      assertThat(page.body()).contains("You can't open this page");
    }
  }

  @Test
  void badInputIsAFieldErrorNeverAServerError() throws Exception {
    SignedInBrowser cora = signedIn("cora");
    String code = createProgramme(cora);
    assertThat(cora.postForm("/programmes/" + code + "/budget", "/programmes/" + code + "/budget", Map.of("amount", "lots"))
        .body()).contains("id=\"amount-error\"");
    assertThat(cora.postForm("/programmes/" + code + "/enrolments", "/programmes/" + code + "/enrolments",
        Map.of("settingName", "Willow", "urn", "", "managerName", "Olive", "email", "not-an-email")).body())
        .contains("href=\"#urn\"");
    assertThat(cora.get("/programmes/NOPE").statusCode()).isEqualTo(404);
    assertThat(cora.get("/programmes/" + code + "/settings?stage=bogus").statusCode()).isEqualTo(404);
    assertThat(cora.postForm("/programmes/" + code + "/groups", "/programmes/" + code + "/groups/moves",
        Map.of("settingUrn", "", "toGroup", "x")).statusCode()).isEqualTo(200);
  }

  @Test
  void aSessionTheRulesRefuseIsShownBesideItsFieldAndAGoodOneIsScheduled() throws Exception {
    person("carl", "coaches");
    SignedInBrowser cora = signedIn("cora");
    String code = createProgramme(cora);
    long id = programmes.findProgrammeByCode(code).orElseThrow().id();
    enrol(code, id);
    enrol(code, id);
    String groups = "/programmes/" + code + "/groups";
    assertThat(cora.postForm(groups, groups, Map.of()).statusCode()).isEqualTo(302);

    Map<String, String> sessions = new java.util.HashMap<>();
    LocalDate first = LocalDate.now().plusWeeks(2);
    for (int i = 1; i <= 3; i++) {
      sessions.put("g1-s" + i + "-date", first.plusWeeks(i - 1).toString());
      sessions.put("g1-s" + i + "-time", "13:30");
      sessions.put("g1-s" + i + "-place", "Ipswich Library");
    }
    sessions.put("g1-s1-date", "2020-01-01");
    HttpResponse<String> refused = cora.postForm(groups, groups + "/1/sessions", sessions);
    assertThat(refused.statusCode()).isEqualTo(200);
    assertThat(refused.body()).contains("id=\"g1-s1-date-error\"").contains("href=\"#g1-s1-date\"")
        .contains("Group 1, session 1, date: must be after now");

    sessions.put("g1-s1-date", first.toString());
    assertThat(cora.postForm(groups, groups + "/1/sessions", sessions).statusCode()).isEqualTo(302);
    assertThat(cora.get(groups).body()).contains("id=\"sessions-1\"").contains("Ipswich Library")
        .as("the coach by name, not user id").containsPattern("\\(coach [A-Z]\\S* Example\\)");
  }

  @Test
  void aChangedSessionIsStoredAndItsDelegatesUpdatedAndOneBeforeThePreviousSessionIsRefused() throws Exception {
    SignedInBrowser cora = signedIn("cora");
    String code = createProgramme(cora, "");
    long id = programmes.findProgrammeByCode(code).orElseThrow().id();
    Fixture delegate = enrol(code, id);
    String groups = groupsWithSessions(cora, code, 1);
    LocalDate first = LocalDate.now().plusWeeks(2);
    long second = sessionId(id, 1, 2);
    Instant secondWas = startsAt(second);

    HttpResponse<String> refused = cora.postForm(groups, "/programmes/" + code + "/sessions/" + second,
        Map.of("session" + second + "-date", first.minusDays(1).toString(), "session" + second + "-time", "10:00",
            "session" + second + "-place", "Leiston Hub"));
    assertThat(refused.statusCode()).isEqualTo(200);
    assertThat(refused.body()).contains("id=\"session" + second + "-date-error\"").contains("href=\"#session" + second + "-date\"")
        .contains("must be after session 1 ends").as("said as a person would")
        .doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}T").containsPattern("(GMT|BST)\\)");
    assertThat(startsAt(second)).isEqualTo(secondWas);

    long one = sessionId(id, 1, 1);
    MAIL.purgeEmailFromAllMailboxes();
    LocalDate moved = first.plusDays(1);
    assertThat(cora.postForm(groups, "/programmes/" + code + "/sessions/" + one, Map.of("session" + one + "-date", moved.toString(),
        "session" + one + "-time", "10:00", "session" + one + "-place", "Leiston Hub")).statusCode()).isEqualTo(302);
    assertThat(startsAt(one)).isEqualTo(moved.atTime(10, 0).atZone(fmt.zone()).toInstant());
    assertThat(jdbc.sql("select place from coaching_session where id = ?").param(one).query(String.class).single())
        .isEqualTo("Leiston Hub");
    executeJobs();
    MimeMessage[] updates = MAIL.getReceivedMessagesForDomain(delegate.manager() + "@example.org");
    assertThat(updates).hasSize(1);
    assertThat(calendarOf(updates[0])).contains("METHOD:REQUEST").contains("SEQUENCE:1").contains("Leiston Hub");
    assertThat(cora.get(groups).body()).contains("Leiston Hub");
  }

  @Test
  void aCancelledSessionIsCheckedFirstThenStoredAndItsDelegatesToldOnceAndAnotherProgrammesSessionIsNotFound() throws Exception {
    SignedInBrowser cora = signedIn("cora");
    String code = createProgramme(cora, "");
    long id = programmes.findProgrammeByCode(code).orElseThrow().id();
    Fixture delegate = enrol(code, id);
    String groups = groupsWithSessions(cora, code, 1);
    long third = sessionId(id, 1, 3);
    String cancel = "/programmes/" + code + "/sessions/" + third + "/cancel";
    MAIL.purgeEmailFromAllMailboxes();

    String other = createProgramme(cora, "");
    assertThat(cora.postForm("/programmes/" + other, "/programmes/" + other + "/sessions/" + third + "/cancel", Map.of())
        .statusCode()).as("a session of another programme").isEqualTo(404);
    assertThat(cora.get(cancel).statusCode()).as("a GET changes nothing").isGreaterThanOrEqualTo(400);
    assertThat(status(third)).isEqualTo("SCHEDULED");

    Setting setting = programmes.findSetting(delegate.settingId()).orElseThrow();
    // pressing Cancel shows the check: the programme, group, session, when, where and who is told; it changes nothing
    HttpResponse<String> check = cora.postForm(groups, cancel, Map.of());
    assertThat(check.statusCode()).isEqualTo(200);
    assertThat(check.body()).contains("Check the session before you cancel it")
        .containsPattern("id=\"check-programme\"[^>]*>Workspace " + code + "<")
        .containsPattern("id=\"check-group\"[^>]*>Group 1 \\(coach ")
        .containsPattern("id=\"check-session\"[^>]*>Session 3<")
        .contains(fmt.dayTime(startsAt(third), null))
        .containsPattern("id=\"check-place\"[^>]*>Ipswich Library<")
        .contains(setting.name() + " (" + delegate.settingUrn() + ")").contains(setting.managerName())
        .contains("Yes, cancel the session").contains("No, keep it").contains("name=\"_csrf\"");
    executeJobs();
    assertThat(status(third)).isEqualTo("SCHEDULED");
    assertThat(MAIL.getReceivedMessagesForDomain(delegate.manager() + "@example.org")).as("no one told by the check").isEmpty();

    // a confirmation checked against an older revision of the session shows the check again
    HttpResponse<String> stale = cora.postForm(groups, cancel, Map.of("revisionWas", "99", "confirmed", "yes"));
    assertThat(stale.statusCode()).isEqualTo(200);
    assertThat(stale.body()).contains("The session changed after you checked it");
    assertThat(status(third)).isEqualTo("SCHEDULED");

    Map<String, String> confirmed = Map.of("revisionWas", revisionOn(check), "confirmed", "yes");
    HttpResponse<String> cancelled = cora.postForm(groups, cancel, confirmed);
    assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(302);
    assertThat(status(third)).isEqualTo("CANCELLED");
    assertThat(cora.open(groups).body()).contains("Session 3 of group 1 is cancelled").contains("Cancelled");

    // the same confirmation again (a double click, a reload) cancels nothing more and tells no one again
    HttpResponse<String> again = cora.postForm(groups, cancel, confirmed);
    assertThat(again.statusCode()).isEqualTo(302);
    assertThat(cora.open(groups).body()).contains("is cancelled already");
    executeJobs();
    MimeMessage[] told = MAIL.getReceivedMessagesForDomain(delegate.manager() + "@example.org");
    assertThat(told).hasSize(1);
    assertThat(calendarOf(told[0])).contains("METHOD:CANCEL").contains("STATUS:CANCELLED");
    assertThat(jdbc.sql("select count(*) from session_change where session_id = ? and kind = 'CANCELLED'").param(third)
        .query(Integer.class).single()).isEqualTo(1);
  }

  @Test
  void aCancellationConfirmedEightTimesAtOnceCancelsAndEmailsOnce() throws Exception {
    SignedInBrowser cora = signedIn("cora");
    String code = createProgramme(cora, "");
    long id = programmes.findProgrammeByCode(code).orElseThrow().id();
    Fixture delegate = enrol(code, id);
    String groups = groupsWithSessions(cora, code, 1);
    long second = sessionId(id, 1, 2);
    String cancel = "/programmes/" + code + "/sessions/" + second + "/cancel";
    Map<String, String> confirmed = Map.of("revisionWas", revisionOn(cora.postForm(groups, cancel, Map.of())), "confirmed", "yes");
    MAIL.purgeEmailFromAllMailboxes();
    var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      var sent = new java.util.ArrayList<java.util.concurrent.Future<HttpResponse<String>>>();
      for (int i = 0; i < 8; i++) {
        sent.add(pool.submit(() -> cora.postForm(groups, cancel, confirmed)));
      }
      for (var response : sent) {
        assertThat(response.get().statusCode()).as("each answered with a notice, none with an error").isEqualTo(302);
      }
    } finally {
      pool.shutdown();
    }
    assertThat(status(second)).isEqualTo("CANCELLED");
    assertThat(jdbc.sql("select count(*) from session_change where session_id = ? and kind = 'CANCELLED'").param(second)
        .query(Integer.class).single()).isEqualTo(1);
    executeJobs();
    assertThat(MAIL.getReceivedMessagesForDomain(delegate.manager() + "@example.org")).hasSize(1);
  }

  @Test
  void aDelegateMovesGroupBeforeTheFirstSessionAndNotAfter() throws Exception {
    SignedInBrowser cora = signedIn("cora");
    String code = createProgramme(cora, "2");
    long id = programmes.findProgrammeByCode(code).orElseThrow().id();
    for (int i = 0; i < 3; i++) {
      enrol(code, id);
    }
    String groups = groupsWithSessions(cora, code, 2);
    int from = members(groupId(id, 1)).size() == 2 ? 1 : 2;
    int to = 3 - from;
    long toGroup = groupId(id, to);
    long settingId = members(groupId(id, from)).get(0);
    String urn = programmes.findSetting(settingId).orElseThrow().urn();
    String manager = programmes.findSetting(settingId).orElseThrow().managerUserId();
    MAIL.purgeEmailFromAllMailboxes();

    HttpResponse<String> moved = cora.postForm(groups, groups + "/moves", Map.of("settingUrn", urn, "toGroup", String.valueOf(to)));
    assertThat(moved.statusCode()).as(moved.body()).isEqualTo(302);
    assertThat(groupOf(id, settingId)).isEqualTo(toGroup);
    executeJobs();
    assertThat(calendars(manager)).as("the old session cancelled, the new one invited").anySatisfy(c -> assertThat(c).contains("METHOD:CANCEL"))
        .anySatisfy(c -> assertThat(c).contains("METHOD:REQUEST"));

    ClockUtil.setCurrentTime(Date.from(startsAt(sessionId(id, from, 1)).plusSeconds(60)));
    HttpResponse<String> refused = cora.postForm(groups, groups + "/moves", Map.of("settingUrn", urn, "toGroup", String.valueOf(from)));
    assertThat(refused.statusCode()).isEqualTo(200);
    assertThat(refused.body()).contains("id=\"toGroup-error\"").contains("href=\"#toGroup\"")
        .contains("the first session has begun");
    assertThat(groupOf(id, settingId)).isEqualTo(toGroup);
  }

  @Test
  void aCatchUpAddsTheGuestWhoMissedTheSessionAndRefusesOneWhoDidNot() throws Exception {
    SignedInBrowser cora = signedIn("cora");
    String code = createProgramme(cora, "1");
    long id = programmes.findProgrammeByCode(code).orElseThrow().id();
    Fixture missed = enrol(code, id);
    enrol(code, id);
    String groups = groupsWithSessions(cora, code, 2);
    String missedUrn = programmes.findSetting(missed.settingId()).orElseThrow().urn();
    int own = groupOf(id, missed.settingId()) == groupId(id, 1) ? 1 : 2;
    long ownFirst = sessionId(id, own, 1);
    long otherFirst = sessionId(id, 3 - own, 1);
    long otherSecond = sessionId(id, 3 - own, 2);
    assertThat(cora.get(groups).body()).contains("id=\"session" + otherFirst + "-settingUrn\"")
        .contains("<option value=\"" + missedUrn + "\"");

    HttpResponse<String> refused = cora.postForm(groups, "/programmes/" + code + "/sessions/" + otherFirst + "/guests",
        Map.of("session" + otherFirst + "-settingUrn", missedUrn));
    assertThat(refused.statusCode()).isEqualTo(200);
    assertThat(refused.body()).contains("id=\"session" + otherFirst + "-settingUrn-error\"")
        .contains("href=\"#session" + otherFirst + "-settingUrn\"").contains("has not missed session 1");

    cancelThroughThePage(cora, groups, "/programmes/" + code + "/sessions/" + ownFirst + "/cancel");
    executeJobs();
    MAIL.purgeEmailFromAllMailboxes();
    assertThat(cora.postForm(groups, "/programmes/" + code + "/sessions/" + otherSecond + "/guests",
        Map.of("session" + otherSecond + "-settingUrn", missedUrn)).body()).as("session 2 is not missed")
        .contains("id=\"session" + otherSecond + "-settingUrn-error\"");
    HttpResponse<String> added = cora.postForm(groups, "/programmes/" + code + "/sessions/" + otherFirst + "/guests",
        Map.of("session" + otherFirst + "-settingUrn", missedUrn));
    assertThat(added.statusCode()).as(added.body()).isEqualTo(302);
    assertThat(jdbc.sql("select setting_id from session_guest where session_id = ?").param(otherFirst).query(Long.class).list())
        .containsExactly(missed.settingId());
    executeJobs();
    assertThat(calendars(missed.manager())).hasSize(1).allSatisfy(c -> assertThat(c).contains("METHOD:REQUEST"));
  }

  @Test
  void aTopUpGrowsTheBudgetOnTheDashboardAndANegativeOrWordyOneIsRefused() throws Exception {
    SignedInBrowser cora = signedIn("cora");
    String code = createProgramme(cora, "");
    String budget = "/programmes/" + code + "/budget";
    for (String bad : new String[] {"-5", "lots", "0"}) {
      HttpResponse<String> refused = cora.postForm(budget, budget, Map.of("amount", bad));
      assertThat(refused.statusCode()).as(bad).isEqualTo(200);
      assertThat(refused.body()).as(bad).contains("id=\"amount-error\"").contains("href=\"#amount\"");
    }
    assertThat(programmes.findProgrammeByCode(code).orElseThrow().budget()).isEqualByComparingTo("63000");

    // the first post shows the check of the answers and adds nothing
    HttpResponse<String> check = cora.postForm(budget, budget, Map.of("amount", "1000", "note", "Spring top-up"));
    assertThat(check.statusCode()).isEqualTo(200);
    assertThat(check.body()).contains("Check the top-up").containsPattern("id=\"check-budget-after\"[^>]*>£64,000.00<")
        .contains("name=\"budgetWas\" value=\"63000");
    assertThat(programmes.findProgrammeByCode(code).orElseThrow().budget()).isEqualByComparingTo("63000");

    Map<String, String> confirmed = Map.of("amount", "1000", "note", "Spring top-up", "budgetWas", "63000", "confirmed", "yes");
    HttpResponse<String> topped = cora.postForm(budget, budget, confirmed);
    assertThat(topped.statusCode()).as(topped.body()).isEqualTo(302);
    assertThat(topped.headers().firstValue("Location").orElseThrow()).endsWith("/programmes/" + code);
    assertThat(programmes.findProgrammeByCode(code).orElseThrow().budget()).isEqualByComparingTo("64000");
    assertThat(cora.open("/programmes/" + code).body()).containsPattern("id=\"budget-total\"[^>]*>£64,000.00<");

    // the same confirmation sent again (a double click, a reload) finds the budget changed and adds nothing
    HttpResponse<String> again = cora.postForm(budget, budget, confirmed);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).contains("The budget changed after you checked it");
    assertThat(programmes.findProgrammeByCode(code).orElseThrow().budget()).isEqualByComparingTo("64000");
  }

  @Test
  void aConfirmationSentEightTimesAtOnceAddsTheMoneyOnce() throws Exception {
    SignedInBrowser cora = signedIn("cora");
    String code = createProgramme(cora, "");
    String budget = "/programmes/" + code + "/budget";
    Map<String, String> confirmed = Map.of("amount", "10", "note", "Double click", "budgetWas", "63000", "confirmed", "yes");
    var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      var sent = new java.util.ArrayList<java.util.concurrent.Future<HttpResponse<String>>>();
      for (int i = 0; i < 8; i++) {
        sent.add(pool.submit(() -> cora.postForm(budget, budget, confirmed)));
      }
      long added = 0;
      for (var response : sent) {
        added += response.get().statusCode() == 302 ? 1 : 0;
      }
      assertThat(added).as("confirmations that added").isEqualTo(1);
    } finally {
      pool.shutdown();
    }
    assertThat(programmes.findProgrammeByCode(code).orElseThrow().budget()).isEqualByComparingTo("63010");
    assertThat(jdbc.sql("select count(*) from budget_ledger l join programme p on p.id = l.programme_id"
        + " where p.code = ? and l.entry_type = 'TOP_UP'").param(code).query(Integer.class).single()).isEqualTo(1);
  }

  @Test
  void anEmailTheMailServerRefusedIsOnTheDashboardAndSentAgainFromThere() throws Exception {
    Fixture f = fixture("10000", "1500");
    outbox.enqueue(f.programmeCode() + "/test/refused", "plan-requested", "refused@example.org",
        new EmailTemplates.Email("Your training plan", "Text", "<p>Html</p>"), null, f.programmeCode() + "/" + f.settingUrn());
    jdbc.sql("update email_outbox set status = 'FAILED', attempts = 8, last_error = 'Connection refused'"
        + " where message_key = ?").param(f.programmeCode() + "/test/refused").update();
    long id = jdbc.sql("select id from email_outbox where message_key = ?").param(f.programmeCode() + "/test/refused")
        .query(Long.class).single();
    String dashboard = "/programmes/" + f.programmeCode();
    String sendAgain = dashboard + "/emails/" + id + "/send-again";

    SignedInBrowser cora = signedIn("cora");
    assertThat(cora.open(dashboard).body()).contains("id=\"failed-emails\"").contains("1</span> email the mail server would not take")
        .contains("\u201cYour training plan\u201d to refused@example.org, 8 tries, the last: Connection refused")
        .contains(sendAgain);
    assertThat(signedIn(f.manager()).postForm("/my", sendAgain, Map.of()).statusCode()).as("a manager").isEqualTo(403);
    HttpResponse<String> sent = cora.postForm(dashboard, sendAgain, Map.of());
    assertThat(sent.statusCode()).isEqualTo(302);
    assertThat(outbox.find(id).orElseThrow().status()).isEqualTo("PENDING");
    assertThat(cora.open(dashboard).body()).contains("will be sent again within a minute")
        .contains("0</span> emails the mail server would not take");
    assertThat(cora.postForm(dashboard, sendAgain, Map.of()).statusCode()).as("not failed any more").isEqualTo(404);
    assertThat(cora.postForm(dashboard, "/programmes/" + createProgramme(cora) + "/emails/" + id + "/send-again", Map.of())
        .statusCode()).as("another programme's").isEqualTo(404);
    assertThat(sendEmails()).isEqualTo(1);
    assertThat(MAIL.getReceivedMessagesForDomain("refused@example.org")).hasSize(1);
  }

  private SignedInBrowser signedIn(String user) throws Exception {
    SignedInBrowser browser = new SignedInBrowser(port);
    assertThat(browser.signIn(user, PASSWORD).headers().firstValue("Location").orElseThrow()).doesNotContain("error");
    return browser;
  }

  private static String createProgramme(SignedInBrowser cora) throws Exception {
    return createProgramme(cora, "");
  }

  /** A programme made on its form; {@code groupSizeLimit} empty for the default. */
  private static String createProgramme(SignedInBrowser cora, String groupSizeLimit) throws Exception {
    String code = "W-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
    HttpResponse<String> created = cora.postForm("/programmes/new", "/programmes", Map.of("code", code,
        "name", "Workspace " + code, "budget", "63000", "grantCap", "1500",
        "planDeadline", LocalDate.now().plusMonths(4).toString(), "groupSizeLimit", groupSizeLimit));
    assertThat(created.headers().firstValue("Location")).as(created.body()).hasValueSatisfying(l -> assertThat(l).endsWith("/programmes/" + code));
    return code;
  }

  /** Allocates the programme's groups (there must be {@code count}) and schedules each group's sessions through the page. */
  private String groupsWithSessions(SignedInBrowser cora, String code, int count) throws Exception {
    person("carl", "coaches");
    String groups = "/programmes/" + code + "/groups";
    assertThat(cora.postForm(groups, groups, Map.of()).statusCode()).isEqualTo(302);
    assertThat(cora.get(groups).body()).contains("id=\"group-" + count + "\"").doesNotContain("id=\"group-" + (count + 1) + "\"");
    LocalDate first = LocalDate.now().plusWeeks(2);
    for (int g = 1; g <= count; g++) {
      Map<String, String> sessions = new java.util.HashMap<>();
      for (int i = 1; i <= 3; i++) {
        sessions.put("g" + g + "-s" + i + "-date", first.plusWeeks(i - 1).toString());
        sessions.put("g" + g + "-s" + i + "-time", (12 + g) + ":30");
        sessions.put("g" + g + "-s" + i + "-place", "Ipswich Library");
      }
      HttpResponse<String> scheduled = cora.postForm(groups, groups + "/" + g + "/sessions", sessions);
      assertThat(scheduled.statusCode()).as(scheduled.body()).isEqualTo(302);
    }
    executeJobs();
    return groups;
  }

  /** Presses Cancel on the groups page and confirms on the check page. */
  private static void cancelThroughThePage(SignedInBrowser cora, String groups, String cancel) throws Exception {
    HttpResponse<String> check = cora.postForm(groups, cancel, Map.of());
    assertThat(check.statusCode()).as(check.body()).isEqualTo(200);
    HttpResponse<String> cancelled = cora.postForm(groups, cancel, Map.of("revisionWas", revisionOn(check), "confirmed", "yes"));
    assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(302);
  }

  /** The session's revision the check page will confirm against. */
  /** The session revision a cancel check was shown for, which its confirmation sends back. */
  static String revisionOn(HttpResponse<String> check) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"revisionWas\" value=\"(\\d+)\"").matcher(check.body());
    assertThat(m.find()).as(check.body()).isTrue();
    return m.group(1);
  }

  private long groupId(long programmeId, int number) {
    return jdbc.sql("select id from coaching_group where programme_id = ? and number = ?").params(programmeId, number)
        .query(Long.class).single();
  }

  private long groupOf(long programmeId, long settingId) {
    return jdbc.sql("select group_id from group_member where programme_id = ? and setting_id = ?").params(programmeId, settingId)
        .query(Long.class).single();
  }

  private List<Long> members(long groupId) {
    return jdbc.sql("select setting_id from group_member where group_id = ? order by setting_id").param(groupId)
        .query(Long.class).list();
  }

  /** The calendars of the emails a manager received, in order. */
  private static List<String> calendars(String manager) throws Exception {
    List<String> found = new ArrayList<>();
    for (MimeMessage message : MAIL.getReceivedMessagesForDomain(manager + "@example.org")) {
      found.add(calendarOf(message));
    }
    return found;
  }

  private long sessionId(long programmeId, int group, int number) {
    return jdbc.sql("select id from coaching_session where group_id = ? and number = ?").params(groupId(programmeId, group), number)
        .query(Long.class).single();
  }

  private Instant startsAt(long session) {
    return jdbc.sql("select starts_at from coaching_session where id = ?").param(session).query(java.sql.Timestamp.class)
        .single().toInstant();
  }

  private String status(long session) {
    return jdbc.sql("select status from coaching_session where id = ?").param(session).query(String.class).single();
  }

  private static String path(String address) {
    return java.net.URI.create(address).getRawPath();
  }

  private static HttpResponse<String> upload(SignedInBrowser cora, String code, String csv) throws Exception {
    String token = cora.csrf("/programmes/" + code + "/enrolments");
    String boundary = "----coachgrant" + UUID.randomUUID();
    String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + token + "\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"settings.csv\"\r\n"
        + "Content-Type: text/csv\r\n\r\n" + csv + "\r\n--" + boundary + "--\r\n";
    return cora.http().send(HttpRequest.newBuilder(cora.uri("/programmes/" + code + "/enrolments/file"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
