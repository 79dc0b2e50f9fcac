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
 * docker-compose.yml without Docker: the application runs in a JVM of its own with exactly the
 * {@code app} service's environment, its service names pointing at this machine: PostgreSQL (a fresh
 * database) and an SMTP server standing in for Mailpit. It must start, load the demo and send email.
 */
@Tag("postgres")
class ComposeTopologyTest {

  private static final String ADMIN_URL = System.getenv().getOrDefault("COACHGRANT_TEST_DB_URL",
      "jdbc:postgresql://127.0.0.1:5432/test");
  private static final String USER = System.getenv().getOrDefault("COACHGRANT_TEST_DB_USER", "postgres");
  private static final String PASSWORD = System.getenv().getOrDefault("COACHGRANT_TEST_DB_PASSWORD", "");

  @Test
  @SuppressWarnings("unchecked")
  void applicationRunsAsComposeConfiguresIt() throws Exception {
    Map<String, Object> compose = new Yaml().load(new FileReader("docker-compose.yml"));
    Map<String, Object> services = (Map<String, Object>) compose.get("services");
    assertThat(services).containsKeys("app", "postgres", "mailpit");
    Map<String, Object> app = (Map<String, Object>) services.get("app");
    Map<String, Object> environment = (Map<String, Object>) app.get("environment");

    String database = "compose_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    sql("create database " + database);
    CoachgrantTest.MAIL.purgeEmailFromAllMailboxes();
    int port = freePort();
    ProcessBuilder builder = new ProcessBuilder(new File(System.getProperty("java.home"), "bin/java").getPath(),
        "-cp", classPath(), CoachgrantApplication.class.getName())
        .redirectErrorStream(true).redirectOutput(new File("target/compose-topology.log"));
    environment.forEach((name, value) -> builder.environment().put(name, local(String.valueOf(value))));
    builder.environment().put("COACHGRANT_DB_URL", ADMIN_URL.replaceAll("/[^/?]+(\\?.*)?$", "/" + database));
    builder.environment().put("COACHGRANT_DB_USER", USER);
    builder.environment().put("COACHGRANT_DB_PASSWORD", PASSWORD);
    builder.environment().put("COACHGRANT_SMTP_PORT", String.valueOf(CoachgrantTest.MAIL.getSmtp().getPort()));
    builder.environment().put("PORT", String.valueOf(port));
    Process process = builder.start();
    try {
      assertThat(process.isAlive()).isTrue();
      HttpClient http = HttpClient.newHttpClient();
      String health = waitFor(http, "http://127.0.0.1:" + port + "/actuator/health", Duration.ofMinutes(3));
      assertThat(health).contains("\"UP\"");
      String definition = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
              + "/engine-rest/process-definition/key/trainingPlan"))
          .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("admin:demo".getBytes()))
          .build(), HttpResponse.BodyHandlers.ofString()).body();
      assertThat(definition).contains("\"key\":\"trainingPlan\"");
      Instant until = Instant.now().plusSeconds(60);
      while (CoachgrantTest.MAIL.getReceivedMessages().length < 3 && Instant.now().isBefore(until)) {
        Thread.sleep(200);
      }
      assertThat(CoachgrantTest.MAIL.getReceivedMessages()).as("the demo's three plan requests, through SMTP").hasSize(3);
    } finally {
      process.destroy();
      process.waitFor();
      sql("drop database if exists " + database);
    }
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
    throw new AssertionError("The application did not answer " + url + " within " + timeout + "; see target/compose-topology.log");
  }
}
