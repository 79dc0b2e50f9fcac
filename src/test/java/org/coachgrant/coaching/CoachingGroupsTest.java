package org.coachgrant.coaching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.coachgrant.CoachgrantTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Allocating a programme's enrolled settings to coaching groups, and moving a delegate. */
class CoachingGroupsTest extends CoachgrantTest {

  @Autowired TestRestTemplate http;

  @Test
  void fortyThreeManagersMakeEightBalancedGroupsEachWithACoach() {
    person("cleo", "coaches");
    person("carl", "coaches");
    Fixture f = fixture("100000", "1500");
    for (int i = 1; i < 43; i++) {
      enrol(f.programmeCode(), f.programmeId());
    }
    ResponseEntity<List> allocated = http.withBasicAuth("cora", PASSWORD)
        .postForEntity("/api/programmes/{code}/groups", null, List.class, f.programmeCode());
    assertThat(allocated.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    List<Map<String, Object>> groups = allocated.getBody();
    assertThat(groups).extracting(g -> ((List<?>) g.get("members")).size()).containsExactly(6, 6, 6, 5, 5, 5, 5, 5);
    assertThat(groups).extracting(g -> g.get("coachId")).containsOnly("carl", "cleo");

    Map<String, Object> first = groups.get(0);
    String coach = (String) first.get("coachId");
    Map<String, Object> delegate = ((List<Map<String, Object>>) first.get("members")).get(0);
    long settingId = ((Number) delegate.get("settingId")).longValue();
    assertThat(programmes.linkedUsers(settingId)).as("a coach never reviews their delegates' plans").contains(coach);

    assertThat(http.withBasicAuth("cora", PASSWORD).postForEntity("/api/programmes/{code}/groups", null, Map.class,
        f.programmeCode()).getStatusCode()).as("allocated once").isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(http.withBasicAuth("cora", PASSWORD).postForEntity("/api/programmes/{code}/groups/moves",
        Map.of("settingUrn", delegate.get("urn"), "toGroup", 2), Map.class, f.programmeCode()).getStatusCode())
        .as("group 2 is full").isEqualTo(HttpStatus.BAD_REQUEST);

    ResponseEntity<List> moved = http.withBasicAuth("cora", PASSWORD).postForEntity("/api/programmes/{code}/groups/moves",
        Map.of("settingUrn", delegate.get("urn"), "toGroup", 8), List.class, f.programmeCode());
    assertThat(moved.getStatusCode()).isEqualTo(HttpStatus.OK);
    List<Map<String, Object>> after = moved.getBody();
    assertThat(after).extracting(g -> ((List<?>) g.get("members")).size()).containsExactly(5, 6, 6, 5, 5, 5, 5, 6);
    String newCoach = (String) after.get(7).get("coachId");
    assertThat(programmes.linkedUsers(settingId)).contains(newCoach);
    if (!newCoach.equals(coach)) {
      assertThat(programmes.linkedUsers(settingId)).doesNotContain(coach);
    }
  }

  @Test
  void onlyCoordinatorsAllocate() {
    Fixture f = fixture("10000", "1500");
    assertThat(http.withBasicAuth(f.manager(), PASSWORD).postForEntity("/api/programmes/{code}/groups", null,
        String.class, f.programmeCode()).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
  }
}
