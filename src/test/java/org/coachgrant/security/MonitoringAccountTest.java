package org.coachgrant.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.identity.Group;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.admin.Roles;
import org.coachgrant.system.SignedInBrowser;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Prometheus's account (the monitoring group, created at start from COACHGRANT_METRICS_PASSWORD): a leaked Prometheus
 * configuration opens the metrics and nothing else. Every route of the engine's REST API, Coachgrant's API, the pages,
 * the webapps and the sign-in page refuse it; it is counted as nobody's colleague; and the account the environment
 * names is created or given its new password at start, never taken from a person.
 */
class MonitoringAccountTest extends CoachgrantTest {

  /** As application-test.yaml sets COACHGRANT_METRICS_PASSWORD; the user name is the default's. */
  private static final String PROMETHEUS = "prometheus";
  private static final String PROMETHEUS_PASSWORD = "Test-Only-Metrics-4q!";
  private static final String WEBAPP = "/camunda/api/engine/engine/default";

  @LocalServerPort int port;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void aLeakedPrometheusConfigurationOpensTheMetricsAndNothingElse() throws Exception {
    assertThat(get("/actuator/prometheus", PROMETHEUS, PROMETHEUS_PASSWORD).statusCode()).isEqualTo(200);

    List<String> letThrough = new ArrayList<>();
    // every route of the engine's REST API, found by reflection (RouteProbeTest): the deployments, users and
    // authorizations an administrator's password would open among them
    for (RouteProbeTest.Route route : RouteProbeTest.routes(Map.of())) {
      HttpResponse<String> answer = call(route.method(), "/engine-rest" + route.path(), PROMETHEUS, PROMETHEUS_PASSWORD);
      if (answer.statusCode() != 403) {
        letThrough.add(route.method() + " /engine-rest" + route.path() + " -> " + answer.statusCode());
      }
    }
    // Coachgrant's API, the administrators' included
    for (String path : List.of("/api/programmes", "/api/plans", "/api/my/tasks", "/api/my/goals", "/api/admin/retention",
        "/api/people/cora", "/api/sessions/s1/resources")) {
      for (String method : List.of("GET", "POST")) {
        HttpResponse<String> answer = call(method, path, PROMETHEUS, PROMETHEUS_PASSWORD);
        if (answer.statusCode() != 403 && answer.statusCode() != 401) {
          letThrough.add(method + " " + path + " -> " + answer.statusCode());
        }
      }
    }
    // the webapps' APIs take no HTTP Basic: a caller without a session is asked to sign in
    for (String path : List.of(WEBAPP + "/task", WEBAPP + "/user", WEBAPP + "/deployment", "/camunda/api/admin/auth/user/default",
        "/camunda/api/cockpit/plugin/base/default/process-definition/statistics", "/camunda/api/admin/plugin/base/default/users",
        "/admin/models/api/deployments")) {
      HttpResponse<String> answer = call("GET", path, PROMETHEUS, PROMETHEUS_PASSWORD);
      if (answer.statusCode() != 401 && answer.statusCode() != 403) {
        letThrough.add("GET " + path + " -> " + answer.statusCode());
      }
    }
    // the metrics' neighbours
    for (String path : List.of("/actuator", "/actuator/metrics", "/actuator/env", "/actuator/prometheus/x")) {
      HttpResponse<String> answer = call("GET", path, PROMETHEUS, PROMETHEUS_PASSWORD);
      if (answer.statusCode() < 400 || answer.statusCode() >= 500) {
        letThrough.add("GET " + path + " -> " + answer.statusCode());
      }
    }
    assertThat(letThrough).as("calls the monitoring account was not refused").isEmpty();

    // the pages take no HTTP Basic either: they send it to the sign-in page
    for (String page : List.of("/programmes", "/my", "/tasks/api/t1", "/mailbox", "/admin/models", "/camunda/app/tasklist/default/",
        "/camunda/app/admin/default/")) {
      HttpResponse<String> answer = call("GET", page, PROMETHEUS, PROMETHEUS_PASSWORD);
      assertThat(answer.statusCode()).as(page).isEqualTo(302);
      assertThat(answer.headers().firstValue("Location").orElse("")).as(page).endsWith("/login");
    }
  }

  @Test
  void theMonitoringAccountCannotSignInOnThePagesWithTheRightPassword() throws Exception {
    SignedInBrowser browser = new SignedInBrowser(port);
    HttpResponse<String> refused = browser.signIn(PROMETHEUS, PROMETHEUS_PASSWORD);

    assertThat(refused.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
    assertThat(browser.open("/login?error").body()).contains("This account is for reading the metrics only (monitoring)");
    assertThat(browser.get("/programmes").headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    assertThat(browser.get("/my").headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    assertThat(browser.api("/camunda/api/admin/auth/user/default").statusCode()).isEqualTo(401);
    assertThat(browser.api(WEBAPP + "/task").statusCode()).isEqualTo(401);
  }

  @Test
  void aMemberOfMonitoringInAnotherGroupTooReadsOnlyTheMetrics() throws Exception {
    // an administrator's account put in monitoring by mistake: its password in Prometheus's file opens no more
    person("adamon", Roles.ADMINISTRATORS);
    person("adamon", Roles.MONITORING);

    assertThat(get("/actuator/prometheus", "adamon", PASSWORD).statusCode()).isEqualTo(200);
    for (String path : List.of("/engine-rest/version", "/engine-rest/deployment", "/engine-rest/user", "/engine-rest/task",
        "/api/programmes", "/api/admin/retention")) {
      assertThat(get(path, "adamon", PASSWORD).statusCode()).as(path).isEqualTo(403);
    }
    assertThat(call("POST", "/engine-rest/deployment/create", "adamon", PASSWORD).statusCode()).isEqualTo(403);
    assertThat(new SignedInBrowser(port).signIn("adamon", PASSWORD).headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
  }

  @Test
  void theMonitoringAccountIsNobodysColleague() {
    assertThat(identity.createGroupQuery().groupMember(PROMETHEUS).list()).extracting(Group::getId)
        .containsExactly(Roles.MONITORING);
    assertThat(identity.createGroupQuery().groupId(Roles.MONITORING).singleResult().getName())
        .isEqualTo("Monitoring (metrics only)");
    // coaches to allocate, reviewers to digest, coordinators to tell: every list of people is by its group
    for (String group : List.of(Roles.MANAGERS, Roles.COACHES, Roles.REVIEWERS, Roles.SENIOR_REVIEWERS, Roles.COORDINATORS,
        Roles.ADMINISTRATORS)) {
      assertThat(identity.createUserQuery().memberOfGroup(group).userId(PROMETHEUS).count()).as(group).isZero();
    }
    assertThat(Roles.usesTasklist(List.of(Roles.MONITORING))).isFalse();
    var account = identity.createUserQuery().userId(PROMETHEUS).singleResult();
    assertThat(account.getEmail()).as("no address enrolment could match").isNull();
    assertThat(account.getFirstName() + " " + account.getLastName()).isEqualTo("Prometheus (metrics only)");
  }

  @Test
  void theEnvironmentsAccountIsCreatedAndGivenItsNewPasswordAtStart() {
    String name = "prom" + UUID.randomUUID().toString().substring(0, 8);
    new MetricsAccount(engine, name, "First-Metrics-Pass-1!").run(null);
    assertThat(identity.checkPassword(name, "First-Metrics-Pass-1!")).isTrue();
    assertThat(identity.createGroupQuery().groupMember(name).list()).extracting(Group::getId).containsExactly(Roles.MONITORING);

    // the next start with the same password changes nothing; with a new one, the account takes it
    String stored = jdbc.sql("select pwd_ from act_id_user where id_ = ?").param(name).query(String.class).single();
    new MetricsAccount(engine, name, "First-Metrics-Pass-1!").run(null);
    assertThat(jdbc.sql("select pwd_ from act_id_user where id_ = ?").param(name).query(String.class).single()).isEqualTo(stored);
    new MetricsAccount(engine, name, "Second-Metrics-Pass-2!").run(null);
    assertThat(identity.checkPassword(name, "Second-Metrics-Pass-2!")).isTrue();
    assertThat(identity.checkPassword(name, "First-Metrics-Pass-1!")).isFalse();
  }

  @Test
  void aPersonsAccountIsNeverTakenAndAWeakPasswordStopsTheStart() {
    String before = jdbc.sql("select pwd_ from act_id_user where id_ = 'cora'").query(String.class).single();
    assertThatThrownBy(() -> new MetricsAccount(engine, "cora", "Takeover-Metrics-3!").run(null))
        .hasMessageContaining("an account in coordinators").hasMessageContaining("a user name of its own");
    assertThat(jdbc.sql("select pwd_ from act_id_user where id_ = 'cora'").query(String.class).single()).isEqualTo(before);
    assertThat(identity.createGroupQuery().groupMember("cora").groupId(Roles.MONITORING).count()).isZero();

    assertThatThrownBy(() -> new MetricsAccount(null, "prometheus", "demo")).hasMessageContaining("is a well-known one");
    assertThatThrownBy(() -> new MetricsAccount(null, "prometheus", "short")).hasMessageContaining("breaks the password policy");
    assertThatThrownBy(() -> new MetricsAccount(null, "prometheus", "Prometheus-Pass-4!"))
        .hasMessageContaining("breaks the password policy");
    assertThatThrownBy(() -> new MetricsAccount(null, "not a name", "Strong-Metrics-Pass-5!"))
        .hasMessageContaining("COACHGRANT_METRICS_USER must be 1 to 64 letters and digits");
    // no password: no account, whatever the name
    new MetricsAccount(engine, "promnone", "").run(null);
    assertThat(identity.createUserQuery().userId("promnone").count()).isZero();
  }

  // --- helpers

  private HttpResponse<String> get(String path, String user, String password) throws Exception {
    return call("GET", path, user, password);
  }

  private HttpResponse<String> call(String method, String path, String user, String password) throws Exception {
    boolean get = method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .method(method, get ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"))
        // Prometheus asks for its text format; everyone else for JSON
        .header("Accept", path.startsWith("/actuator/") ? "text/plain" : "application/json")
        .header("Authorization", "Basic " + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    if (!get) {
      request.header("Content-Type", "application/json");
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
