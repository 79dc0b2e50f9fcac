package org.coachgrant.programme;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.system.SignedInBrowser;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The coordinators' workspace over HTTP: the forms, the rules of the REST API, the exports and who may see what. */
class ProgrammePagesTest extends CoachgrantTest {

  @LocalServerPort int port;

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
        .contains("email: is required");
    HttpResponse<String> dashboard = cora.get("/programmes/" + code);
    assertThat(dashboard.body()).contains("id=\"funnel-enrolled\"").contains("£63,000.00");
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
    assertThat(cora.get(groups).body()).contains("id=\"sessions-1\"").contains("Ipswich Library");
  }

  private SignedInBrowser signedIn(String user) throws Exception {
    SignedInBrowser browser = new SignedInBrowser(port);
    assertThat(browser.signIn(user, PASSWORD).headers().firstValue("Location").orElseThrow()).doesNotContain("error");
    return browser;
  }

  private static String createProgramme(SignedInBrowser cora) throws Exception {
    String code = "W-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
    HttpResponse<String> created = cora.postForm("/programmes/new", "/programmes", Map.of("code", code,
        "name", "Workspace " + code, "budget", "63000", "grantCap", "1500",
        "planDeadline", LocalDate.now().plusMonths(4).toString()));
    assertThat(created.headers().firstValue("Location")).as(created.body()).hasValueSatisfying(l -> assertThat(l).endsWith("/programmes/" + code));
    return code;
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
