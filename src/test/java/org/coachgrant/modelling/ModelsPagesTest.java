package org.coachgrant.modelling;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.system.SignedInBrowser;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The administrators' pages over HTTP: the catalogue, the editors, rollback and who may open them. */
class ModelsPagesTest extends CoachgrantTest {

  private static final Pattern META_CSRF = Pattern.compile("name=\"_csrf\" content=\"([^\"]+)\"");

  @LocalServerPort int port;

  @Test
  void anAdministratorSeesEveryModelWithItsVersionsAndOpensItsEditor() throws Exception {
    person("ada", "camunda-admin");
    SignedInBrowser ada = signedIn("ada");
    HttpResponse<String> catalogue = ada.get("/admin/models");
    assertThat(catalogue.statusCode()).isEqualTo(200);
    assertThat(catalogue.body()).contains("Training plan").contains("trainingPlan.bpmn").contains("Approval rules")
        .contains("submit-training-plan").contains("plan-received").contains("Running instances")
        .contains("href=\"/admin/models/decision/approvalRules\"");

    HttpResponse<String> editor = ada.get("/admin/models/process/trainingPlan");
    assertThat(editor.statusCode()).isEqualTo(200);
    assertThat(editor.body()).contains("id=\"modeler\"").contains("camunda-platform-modeler.production.min.js")
        .contains("Deploy as a new version");
    assertThat(ada.get("/vendor/camunda-bpmn-js-5.35.0/camunda-platform-modeler.production.min.js").statusCode()).isEqualTo(200);
    assertThat(ada.get("/admin/models/decision/approvalRules").body()).contains("dmn-modeler.production.min.js");
    assertThat(ada.get("/admin/models/template/plan-received").body()).contains("id=\"part-subject\"")
        .contains("We have received your training plan");

    // the page's API with the session: its CSRF token is required
    String token = csrf(editor.body());
    HttpResponse<String> checked = ada.http().send(HttpRequest.newBuilder(ada.uri("/admin/models/api/check"))
        .header("Content-Type", "application/json").header("X-CSRF-TOKEN", token)
        .POST(HttpRequest.BodyPublishers.ofString("{\"file\":\"check.bpmn\",\"content\":"
            + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(DeploymentChecksTest.model("Process_Page")
                .replace(" camunda:candidateGroups=\"coordinators\"", "")) + "}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(checked.statusCode()).isEqualTo(200);
    assertThat(checked.body()).contains("nobody would see it in Tasklist");
    HttpResponse<String> noToken = ada.http().send(HttpRequest.newBuilder(ada.uri("/admin/models/api/check"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(noToken.statusCode()).isEqualTo(403);
  }

  @Test
  void aRollbackNeedsAReasonAndOthersAreRefused() throws Exception {
    person("ada", "camunda-admin");
    SignedInBrowser ada = signedIn("ada");
    HttpResponse<String> noReason = ada.postForm("/admin/models/template/plan-reminder", "/admin/models/template/plan-reminder/rollback",
        Map.of("reason", ""));
    assertThat(noReason.statusCode()).isEqualTo(302);
    assertThat(ada.open("/admin/models/template/plan-reminder").body()).contains("is required: say why you make this change");

    person("mona", "managers");
    SignedInBrowser mona = signedIn("mona");
    assertThat(mona.get("/admin/models").statusCode()).isEqualTo(403);
    assertThat(mona.get("/admin/models").body()).contains("You can't open this page").doesNotContain("Exception");
    assertThat(mona.get("/admin/models/process/trainingPlan").statusCode()).isEqualTo(403);
    person("cory", "coordinators");
    assertThat(signedIn("cory").get("/admin/models").statusCode()).isEqualTo(403);
  }

  private static String csrf(String page) {
    Matcher m = META_CSRF.matcher(page);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private SignedInBrowser signedIn(String user) throws Exception {
    SignedInBrowser browser = new SignedInBrowser(port);
    assertThat(browser.signIn(user, PASSWORD).headers().firstValue("Location").orElseThrow()).doesNotContain("error");
    return browser;
  }
}
