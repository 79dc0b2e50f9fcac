package org.coachgrant.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.coachgrant.admin.Roles;
import org.coachgrant.security.AllowList.Caller;
import org.coachgrant.security.AllowList.Row;
import org.junit.jupiter.api.Test;

/**
 * Walks the allow-list as a reader audits it: every row lets its groups through, with everything the row
 * lists; the other groups and anonymous callers are refused; and a broad probe of the engine's REST API
 * and the webapps' API, as each group and as an outsider, finds nothing off the list let through.
 */
class AllowListTest {

  private static final List<String> GROUPS = List.of(Roles.MANAGERS, Roles.COACHES, Roles.REVIEWERS,
      Roles.SENIOR_REVIEWERS, Roles.COORDINATORS, Roles.ADMINISTRATORS, Roles.MONITORING);
  private static final String WEBAPP = "/camunda/api/engine/engine/default";
  private static final String ME = "pat";

  private final AllowList list = AllowList.standard();

  @Test
  void everyRowLetsItsGroupsThroughWithAllItLists() {
    assertThat(list.rows()).hasSizeGreaterThan(50);
    for (Row row : list.rows()) {
      for (String group : row.who()) {
        Caller caller = new Caller(ME, Set.of(group));
        assertThat(allowed(caller, row.method(), concrete(row.path()), parameters(row), body(row)))
            .as("%s %s %s as %s", row.method(), row.path(), row.members(), group).isTrue();
      }
    }
  }

  @Test
  void everyRowRefusesTheGroupsItDoesNotNameAndAnonymousCallers() {
    for (Row row : list.rows()) {
      String path = concrete(row.path());
      assertThat(list.routes(Caller.ANONYMOUS, row.method(), path)).as("%s %s anonymously", row.method(), path).isEmpty();
      for (String group : GROUPS) {
        if (row.who().contains(group)) {
          continue;
        }
        Caller caller = new Caller(ME, Set.of(group));
        List<Row> others = list.routes(caller, row.method(), path);
        assertThat(others).as("%s %s as %s: only rows naming %s", row.method(), path, group, group)
            .allSatisfy(other -> assertThat(other.who()).contains(group));
      }
    }
  }

  @Test
  void aManagerHasNoRowAtAll() {
    Caller manager = new Caller(ME, Set.of(Roles.MANAGERS));
    assertThat(list.rows()).noneMatch(row -> row.isFor(manager));
  }

  /** A leaked Prometheus configuration opens the metrics and nothing else: monitoring's only row. */
  @Test
  void monitoringReadsTheMetricsAndHasNoOtherRow() {
    Caller prometheus = new Caller(ME, Set.of(Roles.MONITORING));
    assertThat(list.rows().stream().filter(row -> row.isFor(prometheus)).map(row -> row.method() + " " + row.path()))
        .containsExactly("GET /actuator/prometheus");
    assertThat(allowed(prometheus, "GET", "/actuator/prometheus", Map.of(), null)).isTrue();
    assertThat(allowed(prometheus, "GET", "/actuator/prometheus", Map.of("includedNames", List.of("jvm_info")), null))
        .isFalse();
    assertThat(list.routes(prometheus, "POST", "/actuator/prometheus")).isEmpty();
    assertThat(list.routes(prometheus, "GET", "/actuator/prometheus/x")).isEmpty();
    // administrators may still read the metrics themselves
    assertThat(allowed(new Caller(ME, Set.of(Roles.ADMINISTRATORS)), "GET", "/actuator/prometheus", Map.of(), null)).isTrue();
  }

  @Test
  void aPersonInSeveralGroupsHasTheRowsOfEach() {
    Caller reviewerAndCoordinator = new Caller(ME, Set.of(Roles.REVIEWERS, Roles.COORDINATORS));
    assertThat(allowed(reviewerAndCoordinator, "POST", "/engine-rest/process-definition/key/trainingPlan/submit-form",
        Map.of(), json("variables", JsonNodeFactory.instance.objectNode()))).isTrue();
    assertThat(allowed(reviewerAndCoordinator, "POST", "/engine-rest/task/t1/claim", Map.of(), json("userId", ME))).isTrue();
  }

  @Test
  void startInstructionsAndProcessModificationAreForAdministratorsOnly() {
    ObjectNode start = json("startInstructions", JsonNodeFactory.instance.arrayNode());
    for (String group : GROUPS) {
      boolean administrator = group.equals(Roles.ADMINISTRATORS);
      Caller caller = new Caller(ME, Set.of(group));
      assertThat(allowed(caller, "POST", "/engine-rest/process-definition/key/trainingPlan/start", Map.of(), start))
          .as(group).isEqualTo(administrator);
      assertThat(allowed(caller, "POST", "/engine-rest/process-definition/key/trainingPlan/submit-form", Map.of(), start))
          .as(group + ": no start instructions through the form either").isFalse();
      assertThat(allowed(caller, "POST", "/engine-rest/process-instance/p1/modification", Map.of(),
          json("instructions", JsonNodeFactory.instance.arrayNode()))).as(group).isEqualTo(administrator);
      assertThat(allowed(caller, "POST", WEBAPP + "/process-definition/d1/restart", Map.of(),
          json("processInstanceIds", JsonNodeFactory.instance.arrayNode()))).as(group).isEqualTo(administrator);
    }
  }

  @Test
  void aClaimIsOnlyForOneself() {
    for (String group : GROUPS) {
      Caller caller = new Caller(ME, Set.of(group));
      for (String door : List.of("/engine-rest", WEBAPP)) {
        assertThat(allowed(caller, "POST", door + "/task/t1/claim", Map.of(), json("userId", ME))).as(group)
            .isEqualTo(Roles.TASKLIST_USERS.contains(group));
        assertThat(allowed(caller, "POST", door + "/task/t1/claim", Map.of(), json("userId", "carl"))).as(group).isFalse();
      }
    }
  }

  @Test
  void onlyAdministratorsChangeANameOrAnEmailAndPeopleOnlyTheirOwnPassword() {
    ObjectNode profile = json("email", "someone@example.org");
    for (String group : GROUPS) {
      Caller caller = new Caller(ME, Set.of(group));
      boolean administrator = group.equals(Roles.ADMINISTRATORS);
      assertThat(allowed(caller, "PUT", "/engine-rest/user/" + ME + "/profile", Map.of(), profile)).as(group).isFalse();
      assertThat(allowed(caller, "PUT", WEBAPP + "/user/" + ME + "/profile", Map.of(), profile)).as(group).isEqualTo(administrator);
      // a manager's own password is changed on Coachgrant's page (/my/password), not in Welcome
      assertThat(allowed(caller, "PUT", WEBAPP + "/user/" + ME + "/credentials", Map.of(), json("password", "x")))
          .as(group).isEqualTo(Roles.TASKLIST_USERS.contains(group));
      assertThat(allowed(caller, "PUT", WEBAPP + "/user/someone/credentials", Map.of(), json("password", "x")))
          .as(group).isEqualTo(administrator);
    }
  }

  @Test
  void welcomeListsAPersonsOwnGroupsAndOnlyAdministratorsAnyonesOrChangeMemberships() {
    for (String group : GROUPS) {
      Caller caller = new Caller(ME, Set.of(group));
      boolean administrator = group.equals(Roles.ADMINISTRATORS);
      assertThat(allowed(caller, "POST", WEBAPP + "/group", Map.of(), json("member", ME))).as(group)
          .isEqualTo(Roles.TASKLIST_USERS.contains(group));
      assertThat(allowed(caller, "POST", WEBAPP + "/group", Map.of(), json("member", "someone"))).as(group)
          .isEqualTo(administrator);
      assertThat(allowed(caller, "POST", WEBAPP + "/group", Map.of(), json("memberOfTenant", "t1"))).as(group).isFalse();
      assertThat(allowed(caller, "PUT", WEBAPP + "/group/coaches/members/" + ME, Map.of(), json("userId", ME))).as(group)
          .isEqualTo(administrator);
      assertThat(allowed(caller, "DELETE", WEBAPP + "/group/coaches/members/someone", Map.of(), json("userId", "someone")))
          .as(group).isEqualTo(administrator);
    }
  }

  @Test
  void theEnginesVersionAndDescriptionAreForAdministratorsAndTheEngineListForNobodyAnonymous() {
    for (String group : GROUPS) {
      Caller caller = new Caller(ME, Set.of(group));
      assertThat(allowed(caller, "GET", "/engine-rest/version", Map.of(), null)).as(group)
          .isEqualTo(group.equals(Roles.ADMINISTRATORS));
      assertThat(allowed(caller, "OPTIONS", "/engine-rest/task", Map.of(), null)).as(group).isFalse();
    }
    assertThat(list.routes(Caller.ANONYMOUS, "GET", "/engine-rest/engine")).isEmpty();
    assertThat(list.routes(Caller.ANONYMOUS, "GET", "/camunda/api/engine/engine")).isEmpty();
  }

  /**
   * Calls that move money, read a file, run code or change who may do what, as every group (administrators
   * included) and as an outsider: none is on the list.
   */
  @Test
  void nothingOffTheListIsLetThroughForAnyone() {
    List<String[]> probes = List.of(
        call("POST", "/engine-rest/process-definition/d1/submit-form"),
        call("POST", "/engine-rest/process-definition/key/grantRelease/submit-form"),
        call("POST", "/engine-rest/process-instance/p1/variables"),
        call("PUT", "/engine-rest/process-instance/p1/variables/planId"),
        call("POST", "/engine-rest/process-instance/p1/variables/x/data"),
        call("POST", "/engine-rest/task/t1/variables/x/data"),
        call("POST", "/engine-rest/execution/e1/localVariables/x/data"),
        call("POST", "/engine-rest/task/t1/localVariables"),
        call("POST", "/engine-rest/task/t1/complete"),
        call("POST", "/engine-rest/task/t1/resolve"),
        call("POST", "/engine-rest/task/t1/delegate"),
        call("PUT", "/engine-rest/task/t1"),
        call("POST", "/engine-rest/task/create"),
        call("DELETE", "/engine-rest/task/t1"),
        call("POST", "/engine-rest/task"),
        call("POST", "/engine-rest/task/count"),
        call("POST", "/engine-rest/message"),
        call("POST", "/engine-rest/signal"),
        call("POST", "/engine-rest/condition"),
        call("POST", "/engine-rest/job/j1/execute"),
        call("POST", "/engine-rest/external-task/fetchAndLock"),
        call("POST", "/engine-rest/migration/execute"),
        call("POST", "/engine-rest/process-instance/p1/modification/execute"),
        call("POST", "/engine-rest/modification/execute"),
        call("POST", "/engine-rest/process-definition/d1/restart"),
        call("POST", "/engine-rest/decision-definition/key/approvalRules/evaluate"),
        call("POST", "/engine-rest/deployment/d1/redeploy"),
        call("GET", "/engine-rest/deployment/d1/resources/r1/data"),
        call("POST", "/engine-rest/task/t1/attachment/create"),
        call("GET", "/engine-rest/task/t1/attachment/a1/data"),
        call("PUT", "/engine-rest/user/u1/profile"),
        call("PUT", "/engine-rest/user/u1/credentials"),
        call("POST", "/engine-rest/user/create"),
        call("PUT", "/engine-rest/group/g1/members/u1"),
        call("POST", "/engine-rest/authorization/create"),
        call("POST", "/engine-rest/identity/verify"),
        call("GET", "/engine-rest/engine"),
        call("OPTIONS", "/engine-rest/task"),
        call("OPTIONS", "/engine-rest"),
        call("GET", "/engine-rest/schema/log"),
        call("POST", "/engine-rest/telemetry/configuration"),
        call("DELETE", "/engine-rest/history/cleanup"),
        call("POST", "/engine-rest/history/cleanup"),
        call("POST", "/engine-rest/batch/b1/suspended"),
        call("POST", "/engine-rest/process-instance/delete"),
        call("PUT", WEBAPP + "/process-instance/p1/variables/x"),
        call("POST", WEBAPP + "/process-instance/p1/variables"),
        call("POST", WEBAPP + "/process-instance/p1/variables/x/data"),
        call("POST", WEBAPP + "/task/t1/variables/x/data"),
        call("POST", WEBAPP + "/task/t1/complete"),
        call("POST", WEBAPP + "/task/t1/delegate"),
        call("POST", WEBAPP + "/task/create"),
        call("POST", WEBAPP + "/message"),
        call("POST", WEBAPP + "/job/j1/execute"),
        call("POST", WEBAPP + "/deployment/create"),
        call("GET", WEBAPP + "/version"),
        call("OPTIONS", WEBAPP + "/task"),
        call("POST", "/camunda/api/admin/setup/default/user/create"),
        call("POST", "/camunda/api/admin/auth/user/default/login/tasklist"),
        call("POST", "/camunda/api/cockpit/plugin/base/default/process-instance/p1/variables"));
    for (String[] probe : probes) {
      assertThat(list.routes(Caller.ANONYMOUS, probe[0], probe[1])).as("%s %s anonymously", probe[0], probe[1]).isEmpty();
      for (String group : GROUPS) {
        assertThat(list.routes(new Caller(ME, Set.of(group)), probe[0], probe[1])).as("%s %s as %s", probe[0], probe[1], group)
            .isEmpty();
      }
    }
  }

  @Test
  void anEngineNamedInThePathHasTheSameRowsAsTheDefault() {
    Caller reviewer = new Caller(ME, Set.of(Roles.REVIEWERS));
    assertThat(allowed(reviewer, "GET", "/engine-rest/engine/node1/task", Map.of("candidateGroup", List.of("reviewers")), null))
        .isTrue();
    assertThat(allowed(reviewer, "POST", "/engine-rest/engine/node1/task/t1/claim", Map.of(), json("userId", "carl"))).isFalse();
    assertThat(list.routes(reviewer, "GET", "/engine-rest/engine/node1")).isEmpty();
    assertThat(list.routes(reviewer, "GET", "/engine-rest/engine/node1/version")).isEmpty();
  }

  @Test
  void aRowThatNamesAGroupThatDoesNotExistIsAMistakeFoundAtStart() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> AllowList.parse("reviewer GET /engine-rest/task"))
        .hasMessageContaining("names a group that does not exist: reviewer");
  }

  // --- helpers

  private boolean allowed(Caller caller, String method, String path, Map<String, List<String>> parameters, JsonNode body) {
    return list.routes(caller, method, path).stream()
        .anyMatch(r -> r.refusedParameter(parameters, caller) == null && r.refusedMember(body, caller) == null);
  }

  private static String concrete(String pattern) {
    return pattern.replace("{self}", ME).replaceAll("\\{[a-z]+}", "x1").replace("**", "any/thing");
  }

  private static Map<String, List<String>> parameters(Row row) {
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    row.parameters().forEach(p -> parameters.put(p, List.of("1")));
    row.ownParameters().forEach(p -> parameters.put(p, List.of(ME)));
    if (row.anyParameter()) {
      parameters.put("anything", List.of("1"));
    }
    return parameters;
  }

  private static JsonNode body(Row row) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    row.members().forEach(m -> body.put(m, "v"));
    row.ownMembers().forEach(m -> body.put(m, ME));
    if (row.anyMember()) {
      body.put("anything", "v");
    }
    return body;
  }

  private static ObjectNode json(String member, Object value) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    if (value instanceof JsonNode node) {
      body.set(member, node);
    } else {
      body.put(member, value.toString());
    }
    return body;
  }

  private static String[] call(String method, String path) {
    return new String[] {method, path};
  }
}
