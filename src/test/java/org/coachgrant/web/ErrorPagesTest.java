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

  private HttpResponse<String> api(String method, String path) throws Exception {
    return new SignedInBrowser(port).http().send(HttpRequest.newBuilder(new SignedInBrowser(port).uri(path))
        .header("Accept", "application/json")
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("errcora:" + PASSWORD)
            .getBytes(StandardCharsets.UTF_8)))
        .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }
}
