package org.coachgrant.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.camunda.bpm.engine.BadUserRequestException;
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

  /** A call of the webapps' engine API as the person signed in on this browser, as Admin and Welcome make it. */
  private static HttpResponse<String> webapp(SignedInBrowser browser, String method, String path, String json)
      throws Exception {
    return browser.http().send(HttpRequest.newBuilder(browser.uri("/camunda/api/engine/engine/default" + path))
        .header("Content-Type", "application/json").header("X-XSRF-TOKEN", browser.webappToken())
        .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private SignedInBrowser signedIn(String user) throws Exception {
    SignedInBrowser browser = new SignedInBrowser(port);
    browser.signIn(user, PASSWORD);
    browser.api("/camunda/api/admin/auth/user/default");
    return browser;
  }

  @Test
  void aNewUsersPasswordThatBreaksThePolicyIsRefusedWith400NamingTheRule() throws Exception {
    person("adapolicy", Roles.ADMINISTRATORS);
    policyOnAsInProduction();
    SignedInBrowser admin = signedIn("adapolicy");
    HttpResponse<String> refused = webapp(admin, "POST", "/user/create", "{\"profile\":{\"id\":\"pat\","
        + "\"firstName\":\"Pat\",\"lastName\":\"Example\",\"email\":\"pat@example.org\"},"
        + "\"credentials\":{\"password\":\"Short-1\"}}");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("\"field\":\"password\"")
        .contains("\"message\":\"password: must be at least 10 characters long\"");
    assertThat(identity.createUserQuery().userId("pat").count()).isZero();

    HttpResponse<String> checklist = webapp(admin, "POST", "/identity/password-policy", "{\"password\":\"Short-1\"}");
    assertThat(checklist.statusCode()).as("Admin's live checklist still answers rule by rule").isEqualTo(200);
    assertThat(checklist.body()).contains("\"valid\":false");
  }

  @Test
  void aChangedPasswordThatBreaksThePolicyIsRefusedWith400NamingTheRuleInWelcomeAndInAdmin() throws Exception {
    person("pia", Roles.REVIEWERS);
    person("adaadmin", Roles.ADMINISTRATORS);
    policyOnAsInProduction();
    HttpResponse<String> refused = webapp(signedIn("pia"), "PUT", "/user/pia/credentials",
        "{\"password\":\"no-digits-Here\",\"authenticatedUserPassword\":\"demo\"}");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("\"field\":\"password\"")
        .contains("\"message\":\"password: must contain at least 1 digit\"");
    assertThat(identity.checkPassword("pia", PASSWORD)).as("the old password stands").isTrue();

    HttpResponse<String> inAdmin = webapp(signedIn("adaadmin"), "PUT", "/user/pia/credentials",
        "{\"password\":\"pia-Example-12\",\"authenticatedUserPassword\":\"demo\"}");
    assertThat(inAdmin.statusCode()).isEqualTo(400);
    assertThat(inAdmin.body()).contains("\"field\":\"password\"")
        .contains("password: must not contain the user's id, first name, last name or email address");
    assertThat(identity.checkPassword("pia", PASSWORD)).isTrue();
  }

  @Test
  void theEngineRefusesAPasswordThatBreaksThePolicyWhateverTheDoor() {
    policyOnAsInProduction();
    User pat = identity.newUser("patjava");
    pat.setPassword("Short-1");
    assertThatThrownBy(() -> identity.saveUser(pat)).isInstanceOf(BadUserRequestException.class)
        .hasMessage("password: must be at least 10 characters long");
    assertThat(identity.createUserQuery().userId("patjava").count()).isZero();
  }
}
