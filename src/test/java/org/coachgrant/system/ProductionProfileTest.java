package org.coachgrant.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.coachgrant.CoachgrantApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The prod profile: refuses to start without a proper administrator password, and runs hardened. */
class ProductionProfileTest {

  @Test
  void refusesToStartWithoutAnAdministratorPassword() {
    assertRefused("", "the administrator's password is missing");
  }

  @Test
  void refusesToStartWithAWellKnownPassword() {
    assertRefused("demo", "is a well-known one");
    assertRefused("Password123!", "is a well-known one");
  }

  @Test
  void refusesToStartWithAWeakPassword() {
    assertRefused("short", "breaks the password policy");
    assertRefused("My-Admin-Passw0rd!", "breaks the password policy");
  }

  @Test
  void refusesToStartWithTheDemo() {
    assertThatThrownBy(() -> start("Str0ng-Coach-Gr4nt!", "prod", "demo"))
        .hasStackTraceContaining("never active together with prod");
  }

  @Test
  void runsHardened() throws Exception {
    try (ConfigurableApplicationContext app = start("Str0ng-Coach-Gr4nt!", "prod")) {
      int port = ((WebServerApplicationContext) app).getWebServer().getPort();
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> health = get(http, port, "/actuator/health");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.headers().firstValue("Strict-Transport-Security")).hasValueSatisfying(v -> assertThat(v).contains("max-age="));
      assertThat(get(http, port, "/actuator/env").statusCode()).isEqualTo(404);
      assertThat(get(http, port, "/actuator/info").statusCode()).isEqualTo(404);
      // off in production; the sign-in page stands before it
      assertThat(get(http, port, "/mailbox").statusCode()).isIn(302, 404);
      assertThat(get(http, port, "/engine-rest/user").statusCode()).isEqualTo(401);

      HttpResponse<String> tasklist = get(http, port, "/camunda/app/tasklist/default/");
      List<String> cookies = tasklist.headers().allValues("Set-Cookie");
      assertThat(cookies).isNotEmpty().allSatisfy(cookie ->
          assertThat(cookie).contains("Secure").containsIgnoringCase("SameSite=Strict"));
      // no proxy is trusted unless named: an address made up in X-Forwarded-For is not a fresh source to guess from
      assertThat(wrongPassword(http, port, "203.0.113.1").statusCode()).isEqualTo(401);
      assertThat(wrongPassword(http, port, "203.0.113.2").statusCode()).isEqualTo(429);
      assertThat(app.getEnvironment().getProperty("camunda.bpm.generic-properties.properties.enable-password-policy"))
          .isEqualTo("true");
      assertThat(app.getEnvironment().getProperty("camunda.bpm.generic-properties.properties.java-serialization-format-enabled"))
          .isEqualTo("false");
    }
  }

  private static void assertRefused(String password, String reason) {
    assertThatThrownBy(() -> start(password, "prod")).hasStackTraceContaining(reason);
  }

  private static ConfigurableApplicationContext start(String adminPassword, String... profiles) {
    return new SpringApplicationBuilder(CoachgrantApplication.class).profiles(profiles).run(
        "--spring.datasource.url=jdbc:h2:mem:prod-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
        "--server.port=0",
        "--camunda.bpm.job-execution.enabled=false",
        "--camunda.bpm.admin-user.password=" + adminPassword);
  }

  private static HttpResponse<String> wrongPassword(HttpClient http, int port, String forwardedFor) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/engine-rest/task"))
        .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("admin:wrong".getBytes()))
        .header("X-Forwarded-For", forwardedFor).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
