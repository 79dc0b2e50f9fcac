package org.coachgrant.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.system.SignedInBrowser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;

/** A subject access request: everything held about one person, through the API, the administrators' page and /my/data. */
class SubjectAccessTest extends CoachgrantTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired TestRestTemplate http;
  @LocalServerPort int port;

  @Test
  void anAdministratorDownloadsEverythingHeldAboutAManagerAndNeverTheirPassword() throws Exception {
    person("ada", "camunda-admin");
    Fixture f = fixture("10000", "1500");
    String marker = "needs-" + UUID.randomUUID().toString().substring(0, 8);
    ProcessInstance instance = requestPlan(f);
    Map<String, Object> plan = plan(2, "300");
    plan.put("identifiedNeeds", "Speech and language, says " + marker);
    submitPlan(instance, f.manager(), plan);

    ResponseEntity<String> answer = http.withBasicAuth("ada", PASSWORD).getForEntity("/api/people/" + f.manager() + "/data", String.class);

    assertThat(answer.getStatusCode().value()).isEqualTo(200);
    JsonNode report = JSON.readTree(answer.getBody());
    assertThat(report.path("userId").asText()).isEqualTo(f.manager());
    assertThat(table(report, "act_id_user").path(0).path("email_").asText()).isEqualTo(f.manager() + "@example.org");
    assertThat(table(report, "act_id_user").path(0).has("pwd_")).isFalse();
    assertThat(answer.getBody()).doesNotContainIgnoringCase("pwd_").doesNotContainIgnoringCase("salt_");
    assertThat(table(report, "setting").path(0).path("urn").asText()).isEqualTo(f.settingUrn());
    assertThat(table(report, "training_plan_version").path(0).path("identified_needs").asText()).contains(marker);
    assertThat(table(report, "training_action")).isNotEmpty();
    assertThat(table(report, "email_outbox")).isNotEmpty();
    assertThat(table(report, "email_outbox").path(0).has("body_html")).isFalse();
    assertThat(table(report, "act_hi_taskinst")).isNotEmpty();
    assertThat(report.path("madeAt").asText()).matches("\\d{4}-\\d{2}-\\d{2}T.*");
    // nobody else's setting
    assertThat(answer.getBody()).doesNotContain("\"urn\":\"" + fixture("10000", "1500").settingUrn() + "\"");
  }

  @Test
  void aPersonDownloadsTheirOwnDataButNobodyElsesAndAnUnknownPersonIsNotFound() {
    person("ada", "camunda-admin");
    Fixture mine = fixture("10000", "1500");
    Fixture theirs = fixture("10000", "1500");

    assertThat(http.withBasicAuth(mine.manager(), PASSWORD).getForEntity("/api/people/" + mine.manager() + "/data", String.class)
        .getStatusCode().value()).isEqualTo(200);
    ResponseEntity<String> another = http.withBasicAuth(mine.manager(), PASSWORD)
        .getForEntity("/api/people/" + theirs.manager() + "/data", String.class);
    assertThat(another.getStatusCode().value()).isEqualTo(403);
    assertThat(another.getBody()).doesNotContain(theirs.settingUrn());
    // a coordinator is not an administrator; and a refusal says nothing about who exists
    assertThat(http.withBasicAuth("cora", PASSWORD).getForEntity("/api/people/" + mine.manager() + "/data", String.class)
        .getStatusCode().value()).isEqualTo(403);
    assertThat(http.withBasicAuth("cora", PASSWORD).getForEntity("/api/people/nobody-" + UUID.randomUUID() + "/data", String.class)
        .getStatusCode().value()).isEqualTo(403);
    ResponseEntity<String> unknown = http.withBasicAuth("ada", PASSWORD)
        .getForEntity("/api/people/nobody-" + UUID.randomUUID() + "/data", String.class);
    assertThat(unknown.getStatusCode().value()).isEqualTo(404);
    assertThat(unknown.getBody()).contains("Nothing is held about nobody-").doesNotContain("Exception");
    assertThat(http.getForEntity("/api/people/" + mine.manager() + "/data", String.class).getStatusCode().value()).isEqualTo(401);
  }

  @Test
  void anAdministratorReadsThePageAndAManagerDownloadsTheirOwnFromTheirPage() throws Exception {
    person("ada", "camunda-admin");
    Fixture f = fixture("10000", "1500");
    requestPlan(f);

    SignedInBrowser ada = signedIn("ada");
    HttpResponse<String> start = ada.get("/admin/people");
    assertThat(start.statusCode()).isEqualTo(200);
    assertThat(start.body()).contains("Find a person's data").contains("href=\"/admin/people\"").contains("Erasures");
    HttpResponse<String> found = ada.get("/admin/people?userId=" + f.manager());
    assertThat(found.statusCode()).isEqualTo(302);
    assertThat(found.headers().firstValue("Location").orElseThrow()).endsWith("/admin/people/" + f.manager());
    HttpResponse<String> page = ada.get("/admin/people/" + f.manager());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Data held about " + f.manager()).contains(f.settingUrn())
        .contains(f.manager() + "@example.org").contains("Every email sent to you")
        .containsPattern("\\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \\d{4}")
        .contains("scope=\"col\"").contains("Download as JSON");
    HttpResponse<String> file = ada.get("/admin/people/" + f.manager() + "/data.json");
    assertThat(file.statusCode()).isEqualTo(200);
    assertThat(file.headers().firstValue("Content-Disposition").orElseThrow()).contains("attachment");
    assertThat(ada.get("/admin/people/nobody-" + UUID.randomUUID()).statusCode()).isEqualTo(404);

    SignedInBrowser manager = signedIn(f.manager());
    assertThat(manager.get("/my").body()).contains("href=\"/my/data\"");
    HttpResponse<String> own = manager.get("/my/data");
    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(own.body()).path("userId").asText()).isEqualTo(f.manager());
    assertThat(own.body()).contains(f.settingUrn());
    HttpResponse<String> refused = manager.get("/admin/people/" + f.manager());
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(signedIn("cora").get("/admin/people/" + f.manager()).statusCode()).isEqualTo(403);
    assertThat(signedIn("cora").get("/admin/people").statusCode()).isEqualTo(403);
    assertThat(manager.get("/admin/people").statusCode()).isEqualTo(403);
  }

  private static JsonNode table(JsonNode report, String name) {
    for (JsonNode table : report.path("tables")) {
      if (table.path("name").asText().equals(name)) {
        return table.path("rows");
      }
    }
    throw new AssertionError("no table " + name + " in " + report);
  }

  private SignedInBrowser signedIn(String user) throws Exception {
    SignedInBrowser browser = new SignedInBrowser(port);
    assertThat(browser.signIn(user, PASSWORD).headers().firstValue("Location").orElseThrow()).doesNotContain("error");
    return browser;
  }
}
