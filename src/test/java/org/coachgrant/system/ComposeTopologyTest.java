package org.coachgrant.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.FileReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.coachgrant.CoachgrantApplication;
import org.coachgrant.CoachgrantTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml without Docker: its two nodes, each in a JVM of its own with exactly the {@code app1} and
 * {@code app2} services' environment (heap included), their service names pointing at this machine: PostgreSQL (a
 * fresh database) and an SMTP server standing in for Mailpit. The first creates the schema, the second starts
 * after it; both must answer, and the demo's emails go out once. The proxy (Caddy) is checked by its configuration.
 */
@Tag("postgres")
class ComposeTopologyTest {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ComposeTopologyTest.class);

  private static final String ADMIN_URL = System.getenv().getOrDefault("COACHGRANT_TEST_DB_URL",
      "jdbc:postgresql://127.0.0.1:5432/test");
  private static final String USER = System.getenv().getOrDefault("COACHGRANT_TEST_DB_USER", "postgres");
  private static final String PASSWORD = System.getenv().getOrDefault("COACHGRANT_TEST_DB_PASSWORD", "");

  @Test
  @SuppressWarnings("unchecked")
  void twoNodesRunAsComposeConfiguresThemBehindAProxy() throws Exception {
    Map<String, Object> compose = new Yaml().load(new FileReader("docker-compose.yml"));
    Map<String, Object> services = (Map<String, Object>) compose.get("services");
    assertThat(services).containsKeys("app1", "app2", "proxy", "postgres", "mailpit");
    Map<String, Object> app1 = (Map<String, Object>) services.get("app1");
    Map<String, Object> app2 = (Map<String, Object>) services.get("app2");
    Map<String, Object> environment = (Map<String, Object>) app1.get("environment");
    assertThat(app2.get("environment")).as("both nodes configured alike").isEqualTo(environment);
    assertThat(String.valueOf(environment.get("JAVA_TOOL_OPTIONS"))).as("the heap set on purpose").contains("-Xmx");
    assertThat(environment).as("both nodes listen on the port the proxy names").doesNotContainKey("PORT");
    assertThat(environment).as("Prometheus's account, from the environment where compose runs")
        .containsEntry("COACHGRANT_METRICS_USER", "prometheus")
        .containsEntry("COACHGRANT_METRICS_PASSWORD", "${COACHGRANT_METRICS_PASSWORD:-}");
    environment = new java.util.HashMap<>(environment);
    environment.put("COACHGRANT_METRICS_PASSWORD", "Compose-Metrics-6w!");
    assertThat(((Map<String, Object>) ((Map<String, Object>) app2.get("depends_on")).get("app1")).get("condition"))
        .as("the second node waits for the first, which creates the schema").isEqualTo("service_healthy");
    String caddyfile = String.valueOf(((Map<String, Object>) ((Map<String, Object>) compose.get("configs"))
        .get("caddyfile")).get("content"));
    assertThat(caddyfile).as("the proxy sends to both nodes, any request to either (the sessions are in the database),"
        + " a request a dead node cannot take to the other, and checks health")
        .contains("app1:8080", "app2:8080", "lb_policy round_robin", "lb_try_duration", "health_uri /actuator/health")
        .doesNotContain("lb_policy cookie");

    String database = "compose_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    sql("create database " + database);
    CoachgrantTest.MAIL.purgeEmailFromAllMailboxes();
    HttpClient http = HttpClient.newHttpClient();
    int port1 = freePort();
    int port2 = freePort();
    Instant started = Instant.now();
    Process node1 = start(environment, database, port1, "target/compose-topology-app1.log");
    Process node2 = null;
    try {
      String health = waitFor(http, "http://127.0.0.1:" + port1 + "/actuator/health", Duration.ofMinutes(3));
      assertThat(health).contains("\"UP\"");
      Duration firstStart = Duration.between(started, Instant.now());
      started = Instant.now();
      node2 = start(environment, database, port2, "target/compose-topology-app2.log");
      assertThat(waitFor(http, "http://127.0.0.1:" + port2 + "/actuator/health", Duration.ofMinutes(3))).contains("\"UP\"");
      LOG.info("Start-up to the first answer: node 1 {} s (empty database: schema and migrations), node 2 {} s",
          firstStart.toSeconds(), Duration.between(started, Instant.now()).toSeconds());
      for (int port : new int[] {port1, port2}) {
        String definition = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/engine-rest/process-definition/key/trainingPlan"))
            .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("admin:demo".getBytes()))
            .build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(definition).contains("\"key\":\"trainingPlan\"");
        // Prometheus scrapes each node as the account both created (the second found it with its password)
        HttpResponse<String> scraped = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/actuator/prometheus"))
            .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                "prometheus:Compose-Metrics-6w!".getBytes()))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.body()).contains("coachgrant_jobs_due ");
      }
      Instant until = Instant.now().plusSeconds(60);
      while (CoachgrantTest.MAIL.getReceivedMessages().length < 3 && Instant.now().isBefore(until)) {
        Thread.sleep(200);
      }
      Thread.sleep(2000);
      assertThat(CoachgrantTest.MAIL.getReceivedMessages())
          .as("the demo's three plan requests, through SMTP, once although both nodes ran the demo and a job executor")
          .hasSize(3);
    } finally {
      stop(database, node2, node1);
    }
  }

  /**
   * A real kill: two nodes in JVMs of their own (compose's environment, the job lock shortened from 60 s to 10 s so
   * that the test waits 10 s, not 60), an enrolment of 600 settings uploaded to the second, which is killed
   * ({@code kill -9}) while it holds jobs. The jobs it held stay locked until their lock runs out, then the first
   * node runs them: every row is enrolled once, every manager gets their welcome email, nothing is left failed or
   * stuck. An email can go twice only if the node died between the mail server's acceptance and its commit
   * (docs/operations.md, "Two or more nodes"): at most one per job it was running.
   */
  @Test
  @SuppressWarnings("unchecked")
  void aNodeKilledWhileItHoldsJobsLosesNothingAndTheOtherTakesThemOver() throws Exception {
    Map<String, Object> compose = new Yaml().load(new FileReader("docker-compose.yml"));
    Map<String, Object> environment = new java.util.HashMap<>((Map<String, Object>) ((Map<String, Object>)
        ((Map<String, Object>) compose.get("services")).get("app1")).get("environment"));
    long lockMillis = 10_000;
    environment.put("CAMUNDA_BPM_JOBEXECUTION_LOCKTIMEINMILLIS", String.valueOf(lockMillis));
    String database = "kill_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    sql("create database " + database);
    CoachgrantTest.MAIL.purgeEmailFromAllMailboxes();
    HttpClient http = HttpClient.newHttpClient();
    int port1 = freePort();
    int port2 = freePort();
    Process node1 = start(environment, database, port1, "target/compose-kill-app1.log");
    Process node2 = null;
    try (Connection db = DriverManager.getConnection(ADMIN_URL.replaceAll("/[^/?]+(\\?.*)?$", "/" + database), USER, PASSWORD)) {
      waitFor(http, "http://127.0.0.1:" + port1 + "/actuator/health", Duration.ofMinutes(3));
      node2 = start(environment, database, port2, "target/compose-kill-app2.log");
      waitFor(http, "http://127.0.0.1:" + port2 + "/actuator/health", Duration.ofMinutes(3));
      int demoEmails = 3;
      String cora = "Basic " + java.util.Base64.getEncoder().encodeToString("cora:demo".getBytes());
      HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port1 + "/api/programmes"))
          .header("Authorization", cora).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"KILL\",\"name\":\"Kill test\",\"budget\":\"100000\","
              + "\"grantCap\":\"1500\",\"planDeadline\":\"" + java.time.LocalDate.now().plusDays(90) + "\"}"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      int rows = 600;
      String csv = "Setting name,URN,Manager name,Email\n" + java.util.stream.IntStream.rangeClosed(1, rows)
          .mapToObj(i -> "Setting %03d,K%05d,Manager %03d,k%03d@example.org".formatted(i, i, i, i))
          .collect(java.util.stream.Collectors.joining("\n"));
      HttpResponse<String> upload = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port2
              + "/api/programmes/KILL/enrolments")).header("Authorization", cora).header("Content-Type", "text/csv")
          .POST(HttpRequest.BodyPublishers.ofString(csv)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(upload.statusCode()).as(upload.body()).isEqualTo(202);
      String importUrl = upload.headers().firstValue("Location").orElseThrow();

      // mid-run: some welcome emails out, hundreds of jobs to go; then kill -9
      Instant until = Instant.now().plusSeconds(120);
      while (CoachgrantTest.MAIL.getReceivedMessages().length < demoEmails + 60 && Instant.now().isBefore(until)) {
        Thread.sleep(20);
      }
      node2.destroyForcibly();
      node2.waitFor();
      Instant killed = Instant.now();
      Map<String, String> lockedAtKill = locked(db);
      Thread.sleep(3000);
      // a job the living node holds runs in milliseconds; the ones still locked after 3 s are the dead node's
      Map<String, String> stillLocked = locked(db);
      stillLocked.keySet().retainAll(lockedAtKill.keySet());
      stillLocked.entrySet().removeIf(e -> !e.getValue().equals(lockedAtKill.get(e.getKey())));
      assertThat(stillLocked).as("the killed node held jobs").isNotEmpty();
      LOG.info("Killed node 2 holding {} jobs", stillLocked.size());

      until = Instant.now().plusSeconds(120);
      while (!remaining(db, stillLocked.keySet()).isEmpty() && Instant.now().isBefore(until)) {
        Thread.sleep(200);
      }
      assertThat(remaining(db, stillLocked.keySet())).as("the dead node's jobs were taken over").isEmpty();
      Duration takeover = Duration.between(killed, Instant.now());
      LOG.info("The dead node's jobs ran again {} ms after the kill (lock {} ms)", takeover.toMillis(), lockMillis);
      assertThat(takeover).as("taken over once the lock ran out, at most max-wait (10 s) later, with room for a busy machine")
          .isLessThan(Duration.ofMillis(lockMillis + 10_000 + 20_000));

      String status = "";
      until = Instant.now().plusSeconds(180);
      while (!status.contains("\"state\":\"FINISHED\"") && Instant.now().isBefore(until)) {
        Thread.sleep(500);
        status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port1 + importUrl))
            .header("Authorization", cora).build(), HttpResponse.BodyHandlers.ofString()).body();
      }
      assertThat(status).contains("\"state\":\"FINISHED\"", "\"enrolled\":" + rows, "\"refused\":0");
      until = Instant.now().plusSeconds(180);
      while (count(db, "select count(*) from act_ru_job where duedate_ is null or duedate_ <= now()") > 0
          && Instant.now().isBefore(until)) {
        Thread.sleep(500);
      }
      assertThat(count(db, "select count(*) from act_ru_incident")).isZero();
      assertThat(count(db, "select count(*) from act_ru_job where duedate_ is null or duedate_ <= now()"))
          .as("no job left to run").isZero();
      assertThat(count(db, "select count(*) from enrolment e join programme p on p.id = e.programme_id where p.code = 'KILL'"))
          .as("every row enrolled once").isEqualTo(rows);
      // the welcomes' emails are in the outbox; the living node's dispatcher sends them
      until = Instant.now().plusSeconds(180);
      while (count(db, "select count(*) from email_outbox where status <> 'SENT'") > 0 && Instant.now().isBefore(until)) {
        Thread.sleep(500);
      }
      assertThat(count(db, "select count(*) from email_outbox where status <> 'SENT'")).as("every email sent").isZero();
      Map<String, Long> welcomes = new java.util.HashMap<>();
      for (jakarta.mail.internet.MimeMessage message : CoachgrantTest.MAIL.getReceivedMessages()) {
        String to = message.getRecipients(jakarta.mail.Message.RecipientType.TO)[0].toString();
        if (to.matches("k\\d{3}@example.org")) {
          welcomes.merge(to, 1L, Long::sum);
        }
      }
      assertThat(welcomes).as("every manager welcomed").hasSize(rows);
      long twice = welcomes.values().stream().mapToLong(n -> n - 1).sum();
      assertThat(twice).as("an email goes twice only if its node died between the server's acceptance and the commit")
          .isLessThanOrEqualTo(stillLocked.size());
    } finally {
      stop(database, node2, node1);
    }
  }

  /**
   * Sessions are in the database, so the proxy needs no stickiness: a browser signed in on one node is served by the
   * other once that node is killed ({@code kill -9}), and by the first again after its restart, the workspace and the
   * webapps alike, with the CSRF tokens the first node gave; one sign-out ends the session on every node.
   */
  @Test
  @SuppressWarnings("unchecked")
  void aBrowserSignedInOnANodeThatIsKilledIsServedByTheOtherAndByItAgainAfterItsRestart() throws Exception {
    Map<String, Object> environment = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
        new Yaml().<Map<String, Object>>load(new FileReader("docker-compose.yml")).get("services")).get("app1")).get("environment");
    String database = "sessions_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    sql("create database " + database);
    HttpClient http = HttpClient.newHttpClient();
    int port1 = freePort();
    int port2 = freePort();
    Process node1 = start(environment, database, port1, "target/compose-sessions-app1.log");
    Process node2 = null;
    try {
      waitFor(http, "http://127.0.0.1:" + port1 + "/actuator/health", Duration.ofMinutes(3));
      node2 = start(environment, database, port2, "target/compose-sessions-app2.log");
      waitFor(http, "http://127.0.0.1:" + port2 + "/actuator/health", Duration.ofMinutes(3));

      SignedInBrowser onNode1 = new SignedInBrowser(port1);
      assertThat(onNode1.signIn("cora", "demo").statusCode()).isEqualTo(302);
      assertThat(onNode1.get("/programmes").statusCode()).isEqualTo(200);
      assertThat(onNode1.api("/camunda/api/admin/auth/user/default").body()).contains("\"userId\":\"cora\"");
      String pageToken = onNode1.csrf("/my/password");
      String webappToken = onNode1.webappToken();
      assertThat(pageToken).isNotNull();
      assertThat(webappToken).isNotEmpty();

      node1.destroyForcibly();
      node1.waitFor();
      SignedInBrowser onNode2 = onNode1.on(port2);
      assertThat(onNode2.get("/programmes").statusCode()).as("the other node knows her").isEqualTo(200);
      assertThat(onNode2.api("/camunda/api/admin/auth/user/default").body()).as("and so do its webapps")
          .contains("\"userId\":\"cora\"");
      HttpResponse<String> form = onNode2.http().send(HttpRequest.newBuilder(onNode2.uri("/my/password"))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("current=&password=&confirm=&_csrf=" + pageToken)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(form.statusCode()).as("the form's CSRF token, given by the dead node, is good on this one").isEqualTo(200);
      assertThat(form.body()).contains("Enter your current password");

      node1 = start(environment, database, port1, "target/compose-sessions-app1-restarted.log");
      waitFor(http, "http://127.0.0.1:" + port1 + "/actuator/health", Duration.ofMinutes(3));
      assertThat(onNode1.get("/programmes").statusCode()).as("the restarted node knows her").isEqualTo(200);
      HttpResponse<String> signedOut = onNode1.http().send(HttpRequest.newBuilder(onNode1.uri("/camunda/api/admin/auth/user/default/logout"))
          .header("X-XSRF-TOKEN", webappToken).POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(signedOut.statusCode()).as("Tasklist's sign-out, with the token the node gave before it died").isEqualTo(200);
      assertThat(onNode2.get("/programmes").headers().firstValue("Location")).as("signed out on every node")
          .hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    } finally {
      stop(database, node2, node1);
    }
  }

  /** Stops the nodes that were started and drops the test's database. */
  private static void stop(String database, Process... nodes) throws Exception {
    for (Process node : nodes) {
      if (node != null) {
        node.destroy();
        node.waitFor();
      }
    }
    sql("drop database if exists " + database + " with (force)");
  }

  /** Locked jobs: id and lock owner. */
  private static Map<String, String> locked(Connection db) throws Exception {
    Map<String, String> locked = new java.util.HashMap<>();
    try (var rs = db.createStatement().executeQuery("select id_, lock_owner_ from act_ru_job where lock_owner_ is not null")) {
      while (rs.next()) {
        locked.put(rs.getString(1), rs.getString(2));
      }
    }
    return locked;
  }

  private static java.util.Set<String> remaining(Connection db, java.util.Set<String> ids) throws Exception {
    java.util.Set<String> remaining = new java.util.HashSet<>();
    try (var rs = db.createStatement().executeQuery("select id_ from act_ru_job")) {
      while (rs.next()) {
        if (ids.contains(rs.getString(1))) {
          remaining.add(rs.getString(1));
        }
      }
    }
    return remaining;
  }

  private static long count(Connection db, String query) throws Exception {
    try (var rs = db.createStatement().executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** A node in a JVM of its own with the compose service's environment, its service names pointing at this machine. */
  private static Process start(Map<String, Object> environment, String database, int port, String log) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(new File(System.getProperty("java.home"), "bin/java").getPath(),
        "-cp", classPath(), CoachgrantApplication.class.getName())
        .redirectErrorStream(true).redirectOutput(new File(log));
    environment.forEach((name, value) -> builder.environment().put(name, local(String.valueOf(value))));
    builder.environment().put("COACHGRANT_DB_URL", ADMIN_URL.replaceAll("/[^/?]+(\\?.*)?$", "/" + database));
    builder.environment().put("COACHGRANT_DB_USER", USER);
    builder.environment().put("COACHGRANT_DB_PASSWORD", PASSWORD);
    builder.environment().put("COACHGRANT_SMTP_PORT", String.valueOf(CoachgrantTest.MAIL.getSmtp().getPort()));
    builder.environment().put("PORT", String.valueOf(port));
    Process process = builder.start();
    assertThat(process.isAlive()).isTrue();
    return process;
  }

  /**
   * A compose service name as a host is this machine, where the test runs that service; {@code ${NAME:-default}} is
   * what compose makes of it when NAME is not set where it runs.
   */
  private static String local(String value) {
    var unset = java.util.regex.Pattern.compile("\\$\\{\\w+:-([^}]*)}").matcher(value);
    return (unset.matches() ? unset.group(1) : value).replace("//postgres:", "//127.0.0.1:").replace("mailpit", "127.0.0.1");
  }

  private static void sql(String statement) throws Exception {
    try (Connection connection = DriverManager.getConnection(ADMIN_URL, USER, PASSWORD)) {
      connection.createStatement().execute(statement);
    }
  }

  /** The test's class path without empty entries, which would put the working folder on it. */
  private static String classPath() {
    return java.util.Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.isBlank()).collect(java.util.stream.Collectors.joining(File.pathSeparator));
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String waitFor(HttpClient http, String url, Duration timeout) throws Exception {
    Instant until = Instant.now().plus(timeout);
    while (Instant.now().isBefore(until)) {
      try {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return response.body();
        }
      } catch (java.io.IOException notYet) {
        // still starting
      }
      Thread.sleep(500);
    }
    throw new AssertionError("The application did not answer " + url + " within " + timeout + "; see target/compose-topology-app*.log");
  }
}
