package org.coachgrant.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.CoachgrantTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** A refusal names nobody's records and counts nothing; the engine's metrics are for administrators. */
class PrivateRefusalsTest extends CoachgrantTest {

  @Autowired TestRestTemplate http;
  @org.springframework.boot.test.web.server.LocalServerPort int port;

  @Test
  void metricsAndTelemetryAreForAdministratorsOnly() {
    person("ada", Roles.ADMINISTRATORS);
    Fixture f = fixture("10000", "1500");
    for (String path : new String[] {"/engine-rest/metrics", "/engine-rest/metrics/activity-instance/sum",
        "/engine-rest/metrics/task-worker", "/engine-rest/telemetry/data"}) {
      for (String user : new String[] {f.manager(), "ruth", "cora"}) {
        assertThat(http.withBasicAuth(user, PASSWORD).getForEntity(path, String.class).getStatusCode())
            .as("%s as %s", path, user).isEqualTo(HttpStatus.FORBIDDEN);
      }
    }
    assertThat(http.withBasicAuth("ada", PASSWORD).getForEntity("/engine-rest/metrics/activity-instance/sum",
        String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
  }

  @Test
  void theWebappsMetricsAreForAdministratorsOnlyToo() throws Exception {
    person("ada", Roles.ADMINISTRATORS);
    String path = "/camunda/api/engine/engine/default/metrics/activity-instance/sum";
    for (String user : new String[] {"ruth", "cora"}) {
      org.coachgrant.system.SignedInBrowser browser = new org.coachgrant.system.SignedInBrowser(port);
      browser.signIn(user, PASSWORD);
      assertThat(browser.api(path).statusCode()).as(user).isEqualTo(403);
      assertThat(browser.api(path.replace("/metrics", "//metrics")).statusCode()).as(user).isIn(400, 403, 404);
    }
    org.coachgrant.system.SignedInBrowser admin = new org.coachgrant.system.SignedInBrowser(port);
    admin.signIn("ada", PASSWORD);
    assertThat(admin.api(path).statusCode()).isEqualTo(200);
  }

  @Test
  void aMessageCorrelationRefusalNamesAndCountsNothing() {
    person("carl", Roles.COACHES);
    Fixture f = fixture("100000", "1500");
    for (int i = 1; i < 7; i++) {
      enrol(f.programmeCode(), f.programmeId());
    }
    assertThat(http.withBasicAuth("cora", PASSWORD).postForEntity("/api/programmes/{code}/groups", null, String.class,
        f.programmeCode()).getStatusCode().is2xxSuccessful()).isTrue();
    ProcessInstance groupTwo = runtime.createProcessInstanceQuery()
        .processInstanceBusinessKey(f.programmeCode() + "/G2").singleResult();
    TestRestTemplate manager = http.withBasicAuth(f.manager(), PASSWORD);

    ResponseEntity<String> several = manager.postForEntity("/engine-rest/message",
        Map.of("messageName", "sessionsScheduled"), String.class);
    ResponseEntity<String> someoneElses = manager.postForEntity("/engine-rest/message",
        Map.of("messageName", "sessionsScheduled", "businessKey", f.programmeCode() + "/G2"), String.class);
    ResponseEntity<String> nothing = manager.postForEntity("/engine-rest/message",
        Map.of("messageName", "sessionsScheduled", "businessKey", "NOBODY/G9"), String.class);

    for (ResponseEntity<String> answer : java.util.List.of(several, someoneElses, nothing)) {
      // no screen correlates messages: the gateway refuses each alike, before the engine looks for any
      assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
      assertThat(answer.getBody()).isEqualTo(nothing.getBody()).doesNotContain(groupTwo.getId())
          .doesNotContainPattern("\\d+ executions").doesNotContain("Exception");
    }
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(groupTwo.getId()).singleResult()).isNotNull();
  }

  @Test
  void aRefusedReadLooksLikeNothingAndARefusedChangeNamesNothing() {
    Fixture mine = fixture("10000", "1500");
    Fixture theirs = enrol(mine.programmeCode(), mine.programmeId());
    ProcessInstance other = requestPlan(theirs);
    TestRestTemplate manager = http.withBasicAuth(mine.manager(), PASSWORD);

    ResponseEntity<String> read = manager.getForEntity("/engine-rest/process-instance/{id}", String.class, other.getId());
    ResponseEntity<String> missing = manager.getForEntity("/engine-rest/process-instance/{id}", String.class, "no-such-id");
    // off a manager's allow-list: the same bare 403 whether the instance exists or not
    assertThat(read.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(read.getBody().replace(other.getId(), "?")).isEqualTo(missing.getBody().replace("no-such-id", "?"));

    ResponseEntity<String> change = manager.postForEntity("/engine-rest/process-instance/{id}/variables",
        Map.of("modifications", Map.of("managerId", Map.of("value", mine.manager()))), String.class, other.getId());
    assertThat(change.getStatusCode().value()).isIn(403, 404);
    assertThat(change.getBody()).doesNotContain(other.getId()).doesNotContain(mine.manager());
    assertThat(runtime.getVariable(other.getId(), "managerId")).isEqualTo(theirs.manager());
  }
}
