package org.coachgrant.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.coachgrant.CoachgrantTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.coachgrant.system.SignedInBrowser;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The default run ({@code ./mvnw spring-boot:run}: profile demo on H2) as a new user meets it: the
 * demo people, their Tasklist filters, the conflict-of-interest link (rob never sees Sunflower's
 * plan), and here with the mailbox page switched off. It runs in a JVM of its own (pom.xml): its engine
 * is named "default" too.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:demo-profile;DB_CLOSE_DELAY=-1",
    "coachgrant.mail.embedded-server=false",
    "coachgrant.mail.mailbox-page=false",
    "camunda.bpm.job-execution.enabled=false",
    "camunda.bpm.generic-properties.properties.job-executor-activate=false"})
@ActiveProfiles("demo")
class DemoProfileTest {

  @Autowired IdentityService identity;
  @Autowired ProcessEngine engine;
  @Autowired TestRestTemplate http;
  @LocalServerPort int port;

  @DynamicPropertySource
  static void mail(DynamicPropertyRegistry registry) {
    registry.add("spring.mail.port", () -> CoachgrantTest.MAIL_PORT);
  }

  @Test
  void theDemoPeopleAndTheirFiltersAreThere() {
    for (String user : List.of("admin", "mia", "noah", "priya", "carl", "ruth", "rob", "sam", "cora")) {
      assertThat(identity.checkPassword(user, "demo")).as(user).isTrue();
    }
    assertThat(engine.getFilterService().createFilterQuery().list()).extracting(f -> f.getName())
        .contains("Plans to review", "Senior approvals", "Coordinator tasks").doesNotContain("My training plans");
  }

  @Test
  @SuppressWarnings("unchecked")
  void robNeverSeesSunflowersPlanButRuthDoes() {
    List<Map<String, Object>> ruths = http.withBasicAuth("ruth", "demo").getForObject("/api/plans", List.class);
    List<Map<String, Object>> robs = http.withBasicAuth("rob", "demo").getForObject("/api/plans", List.class);
    assertThat(ruths).anySatisfy(plan -> assertThat(plan.values()).contains("EY100001"));
    assertThat(robs).isNotEmpty().noneSatisfy(plan -> assertThat(plan.values()).contains("EY100001"));
  }

  @Test
  void theMailboxCanBeSwitchedOff() throws Exception {
    SignedInBrowser admin = new SignedInBrowser(port);
    admin.signIn("admin", "demo");
    assertThat(admin.get("/mailbox").statusCode()).isEqualTo(HttpStatus.NOT_FOUND.value());
  }

  @Test
  void javaSerializationIsOffInEveryProfile() throws Exception {
    assertThat(((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).isJavaSerializationFormatEnabled())
        .isFalse();
    // every profile inherits application.yaml's setting, and none switches it back on
    assertThat(Files.readString(Path.of("src/main/resources/application.yaml")))
        .contains("java-serialization-format-enabled: false");
    try (var profiles = Files.list(Path.of("src/main/resources"))) {
      assertThat(profiles.filter(p -> p.getFileName().toString().startsWith("application-")).map(this::read))
          .noneMatch(text -> text.contains("java-serialization-format-enabled"));
    }
  }

  private String read(Path path) {
    try {
      return Files.readString(path);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
