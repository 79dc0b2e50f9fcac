package org.coachgrant.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.coachgrant.CoachgrantTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Bodies that would hold the server: refused at once with a 4xx that says which limit, before parsing or the engine. */
class RequestLimitsTest extends CoachgrantTest {

  @LocalServerPort int port;
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void malformedJsonIsA400WithItsPlace() throws Exception {
    HttpResponse<String> response = post("/engine-rest/task/any/submit-form", "{\"name\": ");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("body: is not valid JSON (line 1");
    assertThat(post("/api/programmes", "{oops").statusCode()).isEqualTo(400);
  }

  @Test
  void overDeepNestingIsRefusedAtOnce() throws Exception {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    HttpResponse<String> response = post("/engine-rest/task/any/submit-form", "{\"variables\":" + deep + "}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("must nest at most 32 levels deep");
    assertThat(response.body()).doesNotContain("Exception").doesNotContain("jackson");
  }

  @Test
  void tooManyMembersAreRefusedAtOnce() throws Exception {
    StringBuilder variables = new StringBuilder("{\"variables\":{");
    for (int i = 0; i < 100_000; i++) {
      variables.append(i == 0 ? "" : ",").append("\"v").append(i).append("\":{\"value\":1}");
    }
    HttpResponse<String> response = post("/engine-rest/task/any/submit-form", variables.append("}}").toString());
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("body: must have at most 10000 members");
  }

  @Test
  void overLongBodiesAreRefused() throws Exception {
    String big = "{\"name\":\"" + "x".repeat(Gateway.MAX_BODY_BYTES) + "\"}";
    HttpResponse<String> response = post("/engine-rest/task/any/submit-form", big);
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("body: must be at most 10 MB");
  }

  private HttpResponse<String> post(String path, String json) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Content-Type", "application/json")
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("cora:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
