package org.coachgrant.web;

import org.coachgrant.system.SignedInBrowser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.coachgrant.CoachgrantTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What a person or a program is told when something is missing or goes wrong (issue 20, point 9): a
 * browser gets a page in words, an integrator the {@code {"type", "message"}} body, never a stack trace.
 */
class ErrorPagesTest extends CoachgrantTest {

  @LocalServerPort int port;

  @BeforeEach
  void people() {
    person("errcora", "coordinators");
  }

  @Test
  void errorAskedForDirectlyIsNotFound() throws Exception {
    SignedInBrowser browser = new SignedInBrowser(port);
    HttpResponse<String> page = browser.get("/error");
    assertThat(page.statusCode()).as(page.body()).isEqualTo(404);
    assertThat(page.body()).doesNotContain("999").doesNotContain("Exception").doesNotContain("trace");
    browser.signIn("errcora", PASSWORD);
    assertThat(browser.get("/error").statusCode()).isEqualTo(404);
  }

  @Test
  void aPathTheWorkspaceDoesNotHaveIsAPageForABrowser() throws Exception {
    SignedInBrowser browser = new SignedInBrowser(port);
    browser.signIn("errcora", PASSWORD);
    for (String path : new String[] {"/programmes/NOPE", "/my/nothing", "/admin/models/nope", "/tasks/nope", "/nothing-here"}) {
      HttpResponse<String> page = browser.get(path);
      assertThat(page.statusCode()).as(path + ": " + page.body()).isIn(403, 404);
      assertThat(page.headers().firstValue("Content-Type").orElse("")).as(path).startsWith("text/html");
      assertThat(page.body()).as(path).contains("<h1>").doesNotContain("\"status\"").doesNotContain("Exception");
    }
  }

  @Test
  void theApiStillAnswersJson() throws Exception {
    HttpResponse<String> missing = api("GET", "/api/nothing-here");
    assertThat(missing.statusCode()).as(missing.body()).isIn(403, 404);
    assertThat(missing.body()).startsWith("{").contains("\"type\"").contains("\"message\"");
  }

  @Test
  void aMethodTheApiDoesNotTakeIsRefusedInTheSameShape() throws Exception {
    // GET /api/my/tasks is taken; DELETE is not
    HttpResponse<String> refused = api("DELETE", "/api/my/tasks");
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(405);
    assertThat(refused.body()).contains("\"type\":\"MethodNotAllowed\"").contains("\"message\":\"method: DELETE is not taken here")
        .doesNotContain("timestamp").doesNotContain("\"error\"");
  }

  @Test
  void aPostedPageThatFailsToRenderIsTheErrorPageNotARefusal() throws Exception {
    SignedInBrowser browser = new SignedInBrowser(port);
    browser.signIn("errcora", PASSWORD);
    String token = browser.csrf("/programmes");
    HttpResponse<String> page = browser.http().send(HttpRequest.newBuilder(browser.uri(FailingPage.PATH))
        .header("Accept", "text/html").header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).as(page.body()).isEqualTo(500);
    assertThat(page.body()).contains("Something went wrong").doesNotContain("Exception").doesNotContain("Thymeleaf");
  }

  @Test
  void aPathVariableThatIsNotANumberIsNamedWithItsRule() throws Exception {
    for (String[] call : new String[][] {{"/api/groups/abc/time", "groupId"}, {"/api/sessions/abc/resources", "id"},
        {"/api/plans/1.5", "planId"}, {"/api/groups/99999999999999999999/time", "groupId"}}) {
      HttpResponse<String> refused = api("GET", call[0]);
      assertThat(refused.statusCode()).as(call[0] + ": " + refused.body()).isEqualTo(400);
      assertThat(refused.body()).as(call[0]).isEqualTo("{\"type\":\"InvalidInput\",\"field\":\"" + call[1]
          + "\",\"message\":\"" + call[1] + ": must be a whole number\"}");
    }
    SignedInBrowser browser = new SignedInBrowser(port);
    browser.signIn("errcora", PASSWORD);
    for (String[] page : new String[][] {{"/resources/abc", "id"}, {"/programmes/X/sessions/abc/resources", "id"},
        {"/my/plans/abc/letter", "planId"}}) {
      HttpResponse<String> refused = browser.get(page[0]);
      assertThat(refused.statusCode()).as(page[0]).isEqualTo(400);
      assertThat(refused.headers().firstValue("Content-Type").orElse("")).as(page[0]).startsWith("text/html");
      assertThat(refused.body()).as(page[0]).contains("<h1>There is a mistake in this address</h1>")
          .contains(page[1] + ": must be a whole number").doesNotContain("Exception").doesNotContain("\"status\"");
    }
  }

  /**
   * What Spring Security's firewall refuses ("//", ";", "%25") and what Tomcat refuses before it ("%2F", "%00"): the same
   * 400 naming the path, never the container's page or Spring's own body.
   */
  @Test
  void aPathWrittenToSlipPastTheChecksIsRefusedInOurWords() throws Exception {
    String rule = "path: must be written plainly";
    for (String path : new String[] {"/api//groups/1/time", "/api/groups/1;x=y/time", "/programmes//X", "/resources/%25",
        "/api/groups/1%2F2/time", "/resources/1%2F2", "/resources/1%00", "/engine-rest/task/a%2Fb"}) {
      HttpResponse<String> refused = api("GET", path);
      assertThat(refused.statusCode()).as(path + ": " + refused.body()).isEqualTo(400);
      assertThat(refused.headers().firstValue("Content-Type").orElse("")).as(path).startsWith("application/json");
      assertThat(refused.body()).as(path).startsWith("{\"type\":\"InvalidInput\",\"field\":\"path\",\"message\":\"" + rule)
          .doesNotContain("timestamp").doesNotContain("Tomcat").doesNotContain("Rejected");
    }
    SignedInBrowser browser = new SignedInBrowser(port);
    browser.signIn("errcora", PASSWORD);
    for (String path : new String[] {"/programmes//X", "/programmes/X;jsessionid=1", "/resources/%25", "/resources/1%2F2",
        "/programmes/%00"}) {
      HttpResponse<String> refused = browser.get(path);
      assertThat(refused.statusCode()).as(path).isEqualTo(400);
      assertThat(refused.headers().firstValue("Content-Type").orElse("")).as(path).startsWith("text/html");
      assertThat(refused.body()).as(path).contains("There is a mistake in this address").contains(rule)
          .doesNotContain("HTTP Status").doesNotContain("Tomcat").doesNotContain("Exception");
    }
  }

  private HttpResponse<String> api(String method, String path) throws Exception {
    return new SignedInBrowser(port).http().send(HttpRequest.newBuilder(new SignedInBrowser(port).uri(path))
        .header("Accept", "application/json")
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("errcora:" + PASSWORD)
            .getBytes(StandardCharsets.UTF_8)))
        .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }
}
