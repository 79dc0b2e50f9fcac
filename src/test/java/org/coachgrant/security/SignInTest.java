package org.coachgrant.security;

import org.coachgrant.system.SignedInBrowser;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.coachgrant.CoachgrantTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** One sign-in for the workspace, the webapps and the mailbox; one sign-out for all; each role on its home. */
class SignInTest extends CoachgrantTest {

  @LocalServerPort int port;

  @Test
  void oneSignInOpensTheWorkspaceAndTheWebappsAndOneSignOutClosesBoth() throws Exception {
    SignedInBrowser browser = new SignedInBrowser(port);
    assertThat(browser.get("/programmes").headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));

    HttpResponse<String> signedIn = browser.signIn("cora", PASSWORD);
    assertThat(signedIn.statusCode()).isEqualTo(302);
    assertThat(browser.open(signedIn.headers().firstValue("Location").orElseThrow()).body()).contains("<h1>Programmes</h1>");

    HttpResponse<String> webapps = browser.api("/camunda/api/admin/auth/user/default");
    assertThat(webapps.statusCode()).as("Tasklist knows cora without a second sign-in").isEqualTo(200);
    assertThat(webapps.body()).contains("\"userId\":\"cora\"").contains("tasklist");
    assertThat(browser.get("/camunda/app/tasklist/default/").statusCode()).isEqualTo(200);

    browser.postForm("/programmes", "/logout", Map.of());
    assertThat(browser.api("/camunda/api/admin/auth/user/default").statusCode()).isIn(401, 404);
    assertThat(browser.get("/programmes").statusCode()).isEqualTo(302);
  }

  @Test
  void signingOutOfTasklistSignsOutOfTheWorkspaceToo() throws Exception {
    SignedInBrowser browser = new SignedInBrowser(port);
    browser.signIn("cora", PASSWORD);
    browser.api("/camunda/api/admin/auth/user/default");
    HttpResponse<String> logout = browser.http().send(HttpRequest.newBuilder(browser.uri("/camunda/api/admin/auth/user/default/logout"))
        .header("X-XSRF-TOKEN", browser.webappToken()).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(logout.statusCode()).isEqualTo(200);
    assertThat(browser.get("/programmes").headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
  }

  @Test
  void aWrongPasswordIsRefusedOnTheSignInPage() throws Exception {
    // a person of its own: a wrong password locks the user for a few seconds, which would refuse other tests' cora
    person("corawrong", "coordinators");
    SignedInBrowser browser = new SignedInBrowser(port);
    HttpResponse<String> refused = browser.signIn("corawrong", "wrong");
    assertThat(refused.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
    assertThat(browser.open("/login?error").body()).contains("The user name or password is not right");
  }

  @Test
  void eachRoleLandsOnTheirHome() throws Exception {
    person("miahome", "managers");
    assertThat(landing("cora")).endsWith("/programmes");
    assertThat(landing("ruth")).endsWith("/programmes");
    assertThat(landing("miahome")).endsWith("/my");
  }

  @Test
  void aSignInPostWithoutItsCsrfTokenIsRefused() throws Exception {
    SignedInBrowser browser = new SignedInBrowser(port);
    HttpResponse<String> forged = browser.http().send(HttpRequest.newBuilder(browser.uri("/login"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("username=cora&password=" + PASSWORD)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(forged.statusCode()).isEqualTo(403);
  }

  @Test
  void theSessionIsInTheDatabaseUnderSpringSessionsCookieWithTheConfiguredFlags() throws Exception {
    person("corastore", "coordinators");
    SignedInBrowser browser = new SignedInBrowser(port);
    HttpResponse<String> signedIn = browser.signIn("corastore", PASSWORD);
    assertThat(signedIn.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c)
        .startsWith("SESSION=").contains("HttpOnly").contains("SameSite=Lax"));
    assertThat(signedIn.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID"));
    assertThat(jdbc.sql("select count(*) from spring_session where principal_name = 'corastore'").query(Integer.class).single())
        .isEqualTo(1);
    assertThat(jdbc.sql("select a.attribute_name from spring_session_attributes a join spring_session s"
        + " on s.primary_id = a.session_primary_id where s.principal_name = 'corastore'").query(String.class).list())
        .contains("SPRING_SECURITY_CONTEXT");
  }

  @Test
  void aWrongPasswordTriedIsNeverWrittenToTheSession() throws Exception {
    person("corawrote", "coordinators");
    SignedInBrowser browser = new SignedInBrowser(port);
    browser.signIn("corawrote", "Nearly-My-Password-9");
    assertThat(browser.open("/login?error").body()).contains("The user name or password is not right");
    List<byte[]> stored = jdbc.sql("select attribute_bytes from spring_session_attributes").query(byte[].class).list();
    assertThat(stored).isNotEmpty()
        .noneMatch(bytes -> new String(bytes, StandardCharsets.ISO_8859_1).contains("Nearly-My-Password-9"));
  }

  @Test
  void aNewPasswordEndsThePersonsOtherSessionsNotTheOneThatChangedIt() throws Exception {
    person("miamoves", "managers");
    SignedInBrowser laptop = new SignedInBrowser(port);
    SignedInBrowser phone = new SignedInBrowser(port);
    laptop.signIn("miamoves", PASSWORD);
    phone.signIn("miamoves", PASSWORD);
    assertThat(phone.get("/my").statusCode()).isEqualTo(200);
    HttpResponse<String> changed = laptop.postForm("/my/password", "/my/password",
        Map.of("current", PASSWORD, "password", "Daffodil-Meadow-42", "confirm", "Daffodil-Meadow-42"));
    assertThat(changed.statusCode()).isEqualTo(302);
    assertThat(laptop.get("/my").statusCode()).as("the browser that changed it stays signed in").isEqualTo(200);
    assertThat(phone.get("/my").headers().firstValue("Location")).as("the other is signed out")
        .hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
  }

  @Test
  void aSessionThisVersionCannotReadSignsItsOwnerOutNeverAServerError() throws Exception {
    person("coraold", "coordinators");
    SignedInBrowser browser = new SignedInBrowser(port);
    browser.signIn("coraold", PASSWORD);
    assertThat(browser.get("/programmes").statusCode()).isEqualTo(200);
    // what an older Spring Security or Camunda wrote, or a damaged row: bytes no class of this version reads
    jdbc.sql("update spring_session_attributes set attribute_bytes = ? where session_primary_id in"
        + " (select primary_id from spring_session where principal_name = 'coraold')")
        .param(new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5, 's', 'r', 0, 3, 'o', 'l', 'd'}).update();
    HttpResponse<String> next = browser.get("/programmes");
    assertThat(next.statusCode()).as(next.body()).isEqualTo(302);
    assertThat(next.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    assertThat(browser.signIn("coraold", PASSWORD).headers().firstValue("Location").orElseThrow()).doesNotContain("error");
    assertThat(browser.get("/programmes").statusCode()).as("signed in again").isEqualTo(200);
  }

  private String landing(String user) throws Exception {
    SignedInBrowser browser = new SignedInBrowser(port);
    HttpResponse<String> home = browser.get(browser.signIn(user, PASSWORD).headers().firstValue("Location").orElseThrow());
    return home.headers().firstValue("Location").orElseThrow();
  }
}
