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
  void twoNodesRunAsComposeConfiguresThemBehindAStickyProxy() throws Exception {
    Map<String, Object> compose = new Yaml().load(new FileReader("docker-compose.yml"));
    Map<String, Object> services = (Map<String, Object>) compose.get("services");
    assertThat(services).containsKeys("app1", "app2", "proxy", "postgres", "mailpit");
    Map<String, Object> app1 = (Map<String, Object>) services.get("app1");
    Map<String, Object> app2 = (Map<String, Object>) services.get("app2");
    Map<String, Object> environment = (Map<String, Object>) app1.get("environment");
    assertThat(app2.get("environment")).as("both nodes configured alike").isEqualTo(environment);
    assertThat(String.valueOf(environment.get("JAVA_TOOL_OPTIONS"))).as("the heap set on purpose").contains("-Xmx");
    assertThat(environment).as("both nodes listen on the port the proxy names").doesNotContainKey("PORT");
    assertThat(((Map<String, Object>) ((Map<String, Object>) app2.get("depends_on")).get("app1")).get("condition"))
        .as("the second node waits for the first, which creates the schema").isEqualTo("service_healthy");
    String caddyfile = String.valueOf(((Map<String, Object>) ((Map<String, Object>) compose.get("configs"))
        .get("caddyfile")).get("content"));
    assertThat(caddyfile).as("the proxy sends to both nodes, a browser to the same one, checks health")
        .contains("app1:8080", "app2:8080", "lb_policy cookie", "health_uri /actuator/health");

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
      for (Process node : new Process[] {node2, node1}) {
        if (node != null) {
          node.destroy();
          node.waitFor();
        }
      }
      sql("drop database if exists " + database + " with (force)");
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

  /** A compose service name as a host is this machine, where the test runs that service. */
  private static String local(String value) {
    return value.replace("//postgres:", "//127.0.0.1:").replace("mailpit", "127.0.0.1");
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
