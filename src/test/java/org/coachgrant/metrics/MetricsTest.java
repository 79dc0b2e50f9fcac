package org.coachgrant.metrics;

import org.coachgrant.time.EngineTime;
import org.coachgrant.system.SignedInBrowser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.coachgrant.CoachgrantTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * /actuator/prometheus (docs/operations.md, "Metrics and alerts"): every family the alerts need is on it, for the
 * monitoring account's HTTP Basic (Prometheus's, created at start from COACHGRANT_METRICS_PASSWORD) and an
 * administrator's; everyone else, however they write the path, gets a refusal and never a metric.
 */
class MetricsTest extends CoachgrantTest {

  private static final String ADMIN_PASSWORD = "Test-Only-Coach-7x!";
  /** Prometheus's account, as application-test.yaml sets COACHGRANT_METRICS_PASSWORD. */
  static final String PROMETHEUS = "prometheus";
  static final String PROMETHEUS_PASSWORD = "Test-Only-Metrics-4q!";
  private static final String PAGE = "/actuator/prometheus";

  @LocalServerPort int port;
  @Autowired Metrics metrics;
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void theMonitoringAccountScrapesEveryFamilyTheAlertsNeed() throws Exception {
    // a route with an id, and a call of the engine's REST API, are timed by route and by door, never by path
    Fixture f = fixture("10000", "3000");
    get("/api/programmes/" + f.programmeCode(), "cora", PASSWORD);
    assertThat(get("/engine-rest/task?assignee=cora", "cora", PASSWORD).statusCode()).isEqualTo(200);

    HttpResponse<String> scraped = get(PAGE, PROMETHEUS, PROMETHEUS_PASSWORD);

    assertThat(scraped.statusCode()).isEqualTo(200);
    assertThat(scraped.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    String page = scraped.body();
    assertThat(page).contains(
        // route timings
        "http_server_requests_seconds_count{", "uri=\"/api/programmes/{code}\"", "uri=\"/engine-rest/**\"",
        // the job executor, from the engine's own figures, and its backlog
        "camunda_engine_events_total{name=\"job-acquisition-attempt\"}",
        "camunda_engine_events_total{name=\"job-acquired-success\"}",
        "camunda_engine_events_total{name=\"job-successful\"}",
        "camunda_engine_events_total{name=\"job-failed\"}",
        "coachgrant_jobs_due ",
        "coachgrant_incidents_open ",
        // the outbox
        "coachgrant_outbox_waiting ", "coachgrant_outbox_failed ", "coachgrant_outbox_oldest_waiting_seconds ",
        "coachgrant_outbox_attempts_total{outcome=\"sent\"}", "coachgrant_outbox_attempts_total{outcome=\"failed\"}",
        // sign-in failures and throttling
        "coachgrant_sign_in_refused_total{reason=\"wrong-password\"}",
        "coachgrant_sign_in_refused_total{reason=\"throttled\"}",
        // imports
        "coachgrant_enrolment_rows_waiting ");
    // the server's own timings (the tests' HTTP clients time their calls too, by the path they asked for)
    assertThat(page.lines().filter(line -> line.startsWith("http_server_requests"))).isNotEmpty()
        .noneMatch(line -> line.contains(f.programmeCode()) || line.contains("uri=\"/engine-rest/task"));
  }

  @Test
  void theEngineFiguresCountAsTheEngineWorks() throws Exception {
    String started = "camunda_engine_events_total{name=\"activity-instance-start\"}";
    double before = value(scrape(), started);

    requestPlan(fixture("10000", "3000"));

    assertThat(value(scrape(), started)).isGreaterThan(before);
  }

  @Test
  void nobodyButTheMonitoringAccountOrAnAdministratorReachesTheMetrics() throws Exception {
    person("carl", "coaches");
    person("mandy", "managers");
    person("admira", "camunda-admin");

    assertRefused(get(PAGE, null, null), 401);
    for (String user : new String[] {"mandy", "carl", "ruth", "sam", "cora"}) {
      assertRefused(get(PAGE, user, PASSWORD), 403);
    }
    // from an address of its own: the administrator's own source does not wait after it
    assertRefused(send(HttpRequest.newBuilder(uri(PAGE)).header("Authorization", basic("admin", "not the password"))
        .header("X-Forwarded-For", "203.0.113." + (1 + (int) (Math.random() * 250)))), 401);
    // the path written otherwise, by someone not signed in
    for (String path : new String[] {PAGE + "/", PAGE + ";x=y", "/actuator//prometheus", "/actuator/%70rometheus",
        PAGE + "?includedNames=jvm_info", "/actuator", "/actuator/metrics", "/actuator/prometheus.txt"}) {
      HttpResponse<String> response = get(path, null, null);
      assertThat(response.statusCode()).as(path).isBetween(400, 499);
      assertThat(response.body()).as(path).doesNotContain("# HELP", "coachgrant_", "jvm_");
    }
    // an administrator signed in on the pages is still asked for HTTP Basic: a session is no credential here
    SignedInBrowser browser = new SignedInBrowser(port);
    browser.signIn("admin", ADMIN_PASSWORD);
    assertRefused(browser.api(PAGE), 403);
    // a member of monitoring scrapes (Prometheus's account, or one an administrator added in Admin), and an
    // administrator may read the metrics too
    person("prom2", "monitoring");
    assertThat(get(PAGE, PROMETHEUS, PROMETHEUS_PASSWORD).statusCode()).isEqualTo(200);
    assertThat(get(PAGE, "prom2", PASSWORD).statusCode()).isEqualTo(200);
    assertThat(get(PAGE, "admira", PASSWORD).statusCode()).isEqualTo(200);
  }

  @Test
  void refusedSignInsAreCountedWithoutTheNameTried() throws Exception {
    String name = "nobody-" + UUID.randomUUID().toString().substring(0, 8);
    String address = "198.51.100." + (1 + (int) (Math.random() * 250));
    double wrongBefore = value(scrape(), "coachgrant_sign_in_refused_total{reason=\"wrong-password\"}");
    double throttledBefore = value(scrape(), "coachgrant_sign_in_refused_total{reason=\"throttled\"}");

    assertThat(send(HttpRequest.newBuilder(uri("/api/plans")).header("Authorization", basic(name, "wrong"))
        .header("X-Forwarded-For", address)).statusCode()).isEqualTo(401);
    assertThat(send(HttpRequest.newBuilder(uri("/api/plans")).header("Authorization", basic(name, "wrong"))
        .header("X-Forwarded-For", address)).statusCode()).isEqualTo(429);

    String page = scrape();
    assertThat(value(page, "coachgrant_sign_in_refused_total{reason=\"wrong-password\"}")).isEqualTo(wrongBefore + 1);
    assertThat(value(page, "coachgrant_sign_in_refused_total{reason=\"throttled\"}")).isEqualTo(throttledBefore + 1);
    assertThat(page).doesNotContain(name, address);
  }

  @Test
  void theOutboxGaugesCountWaitingEmailsAndTheOldestWait() {
    Metrics.Snapshot before = metrics.take();
    Timestamp now = EngineTime.now();
    Timestamp anHourAgo = new Timestamp(now.getTime() - 3_600_000);
    long id = jdbc.sql("insert into email_outbox (message_key, template, recipient, subject, body_text, body_html, status,"
            + " created_at, next_attempt_at) values (?, 'test', 'x@example.org', 's', 't', 'h', 'PENDING', ?, ?)")
        .params("metrics-" + UUID.randomUUID(), anHourAgo, new Timestamp(now.getTime() + 86_400_000)).update();
    try {
      Metrics.Snapshot after = metrics.take();
      assertThat(after.emailsWaiting()).isEqualTo(before.emailsWaiting() + 1);
      assertThat(after.oldestWaitingSeconds()).isGreaterThanOrEqualTo(3600);
    } finally {
      jdbc.sql("delete from email_outbox where template = 'test' and recipient = 'x@example.org'").update();
    }
  }

  // --- helpers

  private String scrape() throws Exception {
    return get(PAGE, PROMETHEUS, PROMETHEUS_PASSWORD).body();
  }

  private static double value(String page, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(page);
    assertThat(m.find()).as(series + " in\n" + page).isTrue();
    return Double.parseDouble(m.group(1));
  }

  private static void assertRefused(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.body()).doesNotContain("# HELP", "coachgrant_");
  }

  private HttpResponse<String> get(String path, String user, String password) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
    if (user != null) {
      request.header("Authorization", basic(user, password));
    }
    return send(request);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
