package org.coachgrant.goals;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.coachgrant.CoachgrantTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** {@code /api/my/goals}: a manager's own goals, checked as the form checks them; nobody else's. */
class MyGoalsApiTest extends CoachgrantTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired TestRestTemplate http;
  @Autowired CoachingGoals goals;

  @Test
  void aManagerSetsAndEditsHerGoalsAndBadInputIsRefusedNamingTheFieldAndRule() throws Exception {
    Fixture f = fixture("10000", "1500");
    TestRestTemplate manager = http.withBasicAuth(f.manager(), PASSWORD);
    Map<String, Object> one = Map.of("goals", List.of(goal("Daily stories")));

    JsonNode before = JSON.readTree(manager.getForObject("/api/my/goals", String.class));
    assertThat(before.get(0).path("askedFor").asBoolean()).isFalse();
    assertThat(put(manager, one).getStatusCode()).as("not asked for before session 1").isEqualTo(HttpStatus.CONFLICT);

    CoachingGoalsProcess.attended(runtime, f.programmeCode(), f.programmeId(), f.settingUrn(), f.settingId(), f.manager(), 1);
    refused(manager, Map.of("goals", List.of(goal("a"), goal("b"), goal("c"), goal("d"))), "goals",
        "goals: must list at most 3 goals (was 4)");
    refused(manager, Map.of("goals", List.of()), "goals", "goals: must list one to 3 goals (was none)");
    refused(manager, Map.of("goals", List.of(Map.of("goal", " ", "whyItMatters", "x", "howWeKnow", "y"))),
        "goals[1].goal", "goals[1].goal: is required");
    refused(manager, Map.of("goals", List.of(Map.of("goal", "a", "whyItMatters", "x".repeat(501), "howWeKnow", "y"))),
        "goals[1].whyItMatters", "goals[1].whyItMatters: must be at most 500 characters (was 501)");
    refused(manager, Map.of("goals", List.of(Map.of("goal", "a", "whyItMatters", "x", "howWeKnow", "y", "owner", "z"))),
        "goals[1].owner", "goals[1].owner: is not a part of a goal");
    refused(manager, Map.of("goals", "three"), "goals", "goals: must be a list");
    assertThat(goals.current(f.programmeId(), f.settingId())).isEmpty();

    ResponseEntity<String> saved = put(manager, one);
    assertThat(saved.getStatusCode()).as(saved.getBody()).isEqualTo(HttpStatus.OK);
    assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(
        CoachingGoalsProcess.businessKey(f.programmeCode(), f.settingUrn())).singleResult())
        .as("the task is done: waiting for session 2").isNotNull();
    assertThat(tasks.createTaskQuery().taskAssignee(f.manager()).taskDefinitionKey(CoachingGoalsProcess.TASK_SET_GOALS).count())
        .isZero();

    assertThat(put(manager, Map.of("goals", List.of(goal("Daily stories outdoors"), goal("Songs at lunch"))))
        .getStatusCode()).isEqualTo(HttpStatus.OK);
    JsonNode mine = JSON.readTree(manager.getForObject("/api/my/goals?programme={p}", String.class, f.programmeCode())).get(0);
    assertThat(mine.path("goals")).hasSize(2);
    assertThat(mine.path("goals").get(0).path("goal").asText()).isEqualTo("Daily stories outdoors");
    assertThat(mine.path("history")).extracting(h -> h.path("change").asText()).containsExactly("SET", "EDITED", "SET");
  }

  @Test
  void anotherManagerFindsNoneOfHerGoalsAndOthersHaveNoGoalsOfTheirOwn() {
    Fixture f = fixture("10000", "1500");
    Fixture other = enrol(f.programmeCode(), f.programmeId());
    CoachingGoalsProcess.attended(runtime, f.programmeCode(), f.programmeId(), f.settingUrn(), f.settingId(), f.manager(), 1);
    TestRestTemplate noah = http.withBasicAuth(other.manager(), PASSWORD);

    assertThat(noah.getForEntity("/api/my/goals?programme={p}&settingUrn={u}", String.class, f.programmeCode(), f.settingUrn())
        .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(put(noah, Map.of("programme", f.programmeCode(), "settingUrn", f.settingUrn(), "goals", List.of(goal("Mine now"))))
        .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(goals.current(f.programmeId(), f.settingId())).isEmpty();
    for (String person : List.of("cora", "ruth")) {
      assertThat(http.withBasicAuth(person, PASSWORD).getForEntity("/api/my/goals", String.class).getStatusCode())
          .as(person).isEqualTo(HttpStatus.FORBIDDEN);
    }
    assertThat(http.getForEntity("/api/my/goals", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void aManagerInTwoProgrammesIsAskedToNameTheProgramme() throws Exception {
    Fixture f = fixture("10000", "1500");
    Fixture second = fixture("10000", "1500");
    programmes.enrol(second.programmeId(), f.settingId());
    CoachingGoalsProcess.attended(runtime, f.programmeCode(), f.programmeId(), f.settingUrn(), f.settingId(), f.manager(), 1);
    TestRestTemplate manager = http.withBasicAuth(f.manager(), PASSWORD);

    refused(manager, Map.of("goals", List.of(goal("Daily stories"))), "programme",
        "programme: is required when you take part in more than one programme");
    ResponseEntity<String> read = manager.getForEntity("/api/my/goals?settingUrn={u}", String.class, f.settingUrn());
    assertThat(read.getStatusCode()).as(read.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(JSON.readTree(read.getBody()).path("field").asText()).isEqualTo("programme");
    assertThat(goals.current(f.programmeId(), f.settingId())).isEmpty();
    ResponseEntity<String> named = put(manager, Map.of("programme", f.programmeCode(), "goals", List.of(goal("Daily stories"))));
    assertThat(named.getStatusCode()).as(named.getBody()).isEqualTo(HttpStatus.OK);
    assertThat(goals.current(f.programmeId(), f.settingId())).hasSize(1);
  }

  private static Map<String, Object> goal(String goal) {
    return Map.of("goal", goal, "whyItMatters", "Language grows with stories", "howWeKnow", "Children retell a story");
  }

  private static ResponseEntity<String> put(TestRestTemplate as, Map<String, Object> body) {
    return as.exchange("/api/my/goals", HttpMethod.PUT, new HttpEntity<>(body), String.class);
  }

  private static void refused(TestRestTemplate as, Map<String, Object> body, String field, String message) throws Exception {
    ResponseEntity<String> refused = put(as, body);
    assertThat(refused.getStatusCode()).as(refused.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    JsonNode json = JSON.readTree(refused.getBody());
    assertThat(json.path("field").asText()).isEqualTo(field);
    assertThat(json.path("message").asText()).startsWith(message);
  }
}
