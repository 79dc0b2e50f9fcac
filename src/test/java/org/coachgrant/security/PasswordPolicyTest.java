package org.coachgrant.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.identity.DefaultPasswordPolicyImpl;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.admin.Roles;
import org.coachgrant.system.SignedInBrowser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * With the password policy on, as in production: every generated first password meets it, and a password
 * that breaks it is refused with a 400 naming the field and the rule, at every door that sets one.
 */
class PasswordPolicyTest extends CoachgrantTest {

  @Autowired TestRestTemplate http;
  @LocalServerPort int port;

  /** After the test's people are made: their password is the tests' "demo". */
  private void policyOnAsInProduction() {
    ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    configuration.setPasswordPolicy(new DefaultPasswordPolicyImpl());
    configuration.setEnablePasswordPolicy(true);
  }

  @AfterEach
  void policyOffAgain() {
    ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).setEnablePasswordPolicy(false);
  }

  @Test
  void aManagerWhoseUserIdIsOneLetterGetsAFirstPasswordThatMeetsThePolicy() throws Exception {
    Fixture f = fixture("10000", "1500");
    policyOnAsInProduction();
    ResponseEntity<Map> enrolled = http.withBasicAuth("cora", PASSWORD).postForEntity(
        "/api/programmes/{code}/enrolments", Map.of("settingName", "Acorn Nursery", "urn", f.programmeCode() + "A",
            "managerName", "Al Bo", "email", "a@example.org"), Map.class, f.programmeCode());
    assertThat(enrolled.getBody()).containsEntry("outcome", "ENROLLED");
    executeJobs();

    MimeMessage[] welcome = MAIL.getReceivedMessagesForDomain("a@example.org");
    assertThat(welcome).hasSize(1);
    String text = text(welcome[0]);
    String userId = text.replaceAll("(?s).*User name:\\s+(\\S+).*", "$1");
    String password = text.replaceAll("(?s).*Password:\\s+(\\S+).*", "$1");
    assertThat(userId).isEqualTo("a");
    User user = identity.createUserQuery().userId(userId).singleResult();
    assertThat(identity.checkPasswordAgainstPolicy(new DefaultPasswordPolicyImpl(), password, user).isValid()).isTrue();
    assertThat(identity.checkPassword(userId, password)).as("the password in the email works").isTrue();
  }

  @Test
  void aNewUsersPasswordThatBreaksThePolicyIsRefusedWith400NamingTheRule() {
    person("adapolicy", Roles.ADMINISTRATORS);
    policyOnAsInProduction();
    ResponseEntity<Map> refused = http.withBasicAuth("adapolicy", PASSWORD).postForEntity("/engine-rest/user/create",
        Map.of("profile", Map.of("id", "pat", "firstName", "Pat", "lastName", "Example", "email", "pat@example.org"),
            "credentials", Map.of("password", "Short-1")), Map.class);
    assertThat(refused.getStatusCode().value()).isEqualTo(400);
    assertThat(refused.getBody()).containsEntry("field", "password");
    assertThat((String) refused.getBody().get("message")).isEqualTo("password: must be at least 10 characters long");
    assertThat(identity.createUserQuery().userId("pat").count()).isZero();

    ResponseEntity<Map> checklist = http.withBasicAuth("adapolicy", PASSWORD).postForEntity("/engine-rest/identity/password-policy",
        Map.of("password", "Short-1"), Map.class);
    assertThat(checklist.getStatusCode().value()).as("Admin's live checklist still answers rule by rule").isEqualTo(200);
    assertThat(checklist.getBody()).containsEntry("valid", false);
  }

  @Test
  void aChangedPasswordThatBreaksThePolicyIsRefusedWith400NamingTheRuleOverRestAndInAdmin() throws Exception {
    person("pia", Roles.REVIEWERS);
    person("adaadmin", Roles.ADMINISTRATORS);
    policyOnAsInProduction();
    ResponseEntity<Map> refused = http.withBasicAuth("pia", PASSWORD).exchange("/engine-rest/user/pia/credentials",
        HttpMethod.PUT, new HttpEntity<>(Map.of("password", "no-digits-Here", "authenticatedUserPassword", PASSWORD)), Map.class);
    assertThat(refused.getStatusCode().value()).isEqualTo(400);
    assertThat(refused.getBody()).containsEntry("field", "password");
    assertThat((String) refused.getBody().get("message")).isEqualTo("password: must contain at least 1 digit");
    assertThat(identity.checkPassword("pia", PASSWORD)).as("the old password stands").isTrue();

    SignedInBrowser admin = new SignedInBrowser(port);
    admin.signIn("adaadmin", PASSWORD);
    admin.api("/camunda/api/admin/auth/user/default");
    HttpResponse<String> inAdmin = admin.http().send(HttpRequest.newBuilder(
            admin.uri("/camunda/api/engine/engine/default/user/pia/credentials"))
        .header("Content-Type", "application/json").header("X-XSRF-TOKEN", admin.webappToken())
        .PUT(HttpRequest.BodyPublishers.ofString("{\"password\":\"pia-Example-12\",\"authenticatedUserPassword\":\"demo\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(inAdmin.statusCode()).isEqualTo(400);
    assertThat(inAdmin.body()).contains("\"field\":\"password\"")
        .contains("password: must not contain the user's id, first name, last name or email address");
    assertThat(identity.checkPassword("pia", PASSWORD)).isTrue();
  }
}
