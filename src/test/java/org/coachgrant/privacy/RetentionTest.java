package org.coachgrant.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.system.SignedInBrowser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/** Each programme's retention periods, the schedule administrators see, and the nightly job that applies them. */
class RetentionTest extends CoachgrantTest {

  @Autowired TestRestTemplate http;
  @Autowired Retention retention;
  @LocalServerPort int port;

  @Test
  void theNightlyJobAnonymisesTheManagersOfAProgrammeWhoseContactPeriodEndedAndNoOthers() {
    person("ada", "camunda-admin");
    Fixture closed = fixture("10000", "1500");
    ProcessInstance plan = requestPlan(closed);
    runtime.deleteProcessInstance(plan.getId(), "withdrawn for the test");
    Fixture open = fixture("10000", "1500");
    Fixture running = fixture("10000", "1500");
    requestPlan(running);
    LocalDate today = LocalDate.now();

    assertThat(set(closed.programmeCode(), today.minusMonths(25), 24, 6).getStatusCode().value()).isEqualTo(200);
    assertThat(set(running.programmeCode(), today.minusMonths(25), 24, 6).getStatusCode().value()).isEqualTo(200);
    assertThat(set(open.programmeCode(), today.minusMonths(1), 24, 6).getStatusCode().value()).isEqualTo(200);

    List<Retention.Outcome> outcomes = retention.runDue(today);

    assertThat(managerOf(closed)).startsWith("erased-");
    assertThat(jdbc.sql("select manager_email from setting where id = ?").param(closed.settingId()).query(String.class).single())
        .endsWith("@erased.invalid");
    assertThat(identity.createUserQuery().userId(closed.manager()).count()).isZero();
    assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery()
        .processInstanceBusinessKeyLike(closed.programmeCode() + "/%").count()).as("its engine history is gone").isZero();
    assertThat(jdbc.sql("select erased_by from erasure where pseudonym = ?").param(managerOf(closed)).query(String.class).single())
        .isEqualTo("retention");
    assertThat(managerOf(open)).as("not due yet").isEqualTo(open.manager());
    assertThat(managerOf(running)).as("a plan still running waits").isEqualTo(running.manager());
    assertThat(outcomes).filteredOn(o -> o.programmeCode().equals(running.programmeCode())).singleElement()
        .satisfies(o -> assertThat(o.waiting()).singleElement().asString().contains("trainingPlan"));
    assertThat(jdbc.sql("select count(*) from programme_retention r join programme p on p.id = r.programme_id"
        + " where p.code = ? and contacts_done_at is not null").param(closed.programmeCode()).query(Integer.class).single())
        .isEqualTo(1);
    assertThat(retention.runDue(today)).as("done once").noneMatch(o -> o.programmeCode().equals(closed.programmeCode()));
  }

  @Test
  void administratorsSeeWhatIsDueNextAndSetThePeriodsAndNobodyElseDoes() throws Exception {
    person("ada", "camunda-admin");
    Fixture f = fixture("10000", "1500");
    ResponseEntity<String> bad = set(f.programmeCode(), LocalDate.of(2027, 3, 31), 0, 6);
    assertThat(bad.getStatusCode().value()).isEqualTo(400);
    assertThat(bad.getBody()).contains("contactMonths").contains("from 1 to 120");
    assertThat(set("NO-SUCH-" + f.programmeCode(), LocalDate.of(2027, 3, 31), 24, 6).getStatusCode().value()).isEqualTo(404);
    ResponseEntity<String> farOff = set(f.programmeCode(), LocalDate.MAX, 24, 6);
    assertThat(farOff.getStatusCode().value()).as("a date no calendar adds months to is a 400, never a 500").isEqualTo(400);
    assertThat(farOff.getBody()).contains("closesOn").contains("between the years 2000 and 2200");
    assertThat(set(f.programmeCode(), LocalDate.of(2027, 3, 31), 24, 6).getBody()).contains("\"contactsDue\":\"2029-03-31\"")
        .contains("\"recordsDue\":\"2033-03-31\"");
    assertThat(http.withBasicAuth("cora", PASSWORD).exchange("/api/admin/retention/" + f.programmeCode(), HttpMethod.PUT,
        new HttpEntity<>(Map.of("closesOn", "2027-03-31")), String.class).getStatusCode().value()).isEqualTo(403);
    assertThat(http.withBasicAuth("cora", PASSWORD).getForEntity("/api/admin/retention", String.class).getStatusCode().value())
        .isEqualTo(403);

    SignedInBrowser ada = new SignedInBrowser(port);
    ada.signIn("ada", PASSWORD);
    HttpResponse<String> page = ada.get("/admin/retention");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains(f.programmeCode()).contains("31 March 2027").contains("Anonymised from 31 March 2029 (24 months)")
        .contains("Until 31 March 2033 (6 years)");
    SignedInBrowser cora = new SignedInBrowser(port);
    cora.signIn("cora", PASSWORD);
    assertThat(cora.get("/admin/retention").statusCode()).isEqualTo(403);
  }

  private ResponseEntity<String> set(String code, LocalDate closesOn, int months, int years) {
    return http.withBasicAuth("ada", PASSWORD).exchange("/api/admin/retention/" + code, HttpMethod.PUT,
        new HttpEntity<>(Map.of("closesOn", closesOn.toString(), "contactMonths", months, "recordYears", years)), String.class);
  }

  private String managerOf(Fixture f) {
    return jdbc.sql("select manager_user_id from setting where id = ?").param(f.settingId()).query(String.class).single();
  }
}
