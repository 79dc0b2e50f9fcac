package org.coachgrant.coachnotes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
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

/** Bad notes and bad time entries get a 400 naming the field and the rule, and store nothing; a coach keeps only her own time. */
class CoachTimeAndNotesValidationTest extends CoachgrantTest {

  @Autowired TestRestTemplate http;
  @org.springframework.boot.test.web.server.LocalServerPort int port;

  private ResponseEntity<Map> put(String path, Object body) {
    return http.withBasicAuth("carl", PASSWORD).exchange(path, HttpMethod.PUT, new HttpEntity<>(body), Map.class);
  }

  @Test
  void aNoteThatIsEmptyTooLongNotTextOrWithAnotherFieldIsRefusedNamingTheField() {
    person("carl", "coaches");
    Fixture mia = fixture("10000", "1500");
    CoachedGroup one = CoachedGroup.of(jdbc, mia.programmeId(), 1, "carl", 3, mia.settingId());
    String path = "/api/groups/" + one.id() + "/sessions/1/notes/" + mia.manager();
    Map<String, Object> nul = new HashMap<>();
    nul.put("text", null);
    for (Map<String, Object> body : List.of(Map.<String, Object>of("text", ""), Map.<String, Object>of("text", "  \u200B "), nul,
        Map.<String, Object>of("text", "x".repeat(4001)), Map.<String, Object>of("text", 42),
        Map.<String, Object>of("text", "Nul \u0000 inside"))) {
      ResponseEntity<Map> refused = put(path, body);
      assertThat(refused.getStatusCode()).as(String.valueOf(body).substring(0, Math.min(40, String.valueOf(body).length())))
          .isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(refused.getBody()).containsEntry("field", "text");
    }
    ResponseEntity<Map> other = put(path, Map.of("text", "Fine", "rating", 2));
    assertThat(other.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(other.getBody()).containsEntry("field", "rating");
    assertThat(put("/api/groups/" + one.id() + "/sessions/4/notes/" + mia.manager(), Map.of("text", "No session 4"))
        .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(jdbc.sql("select count(*) from coaching_note where setting_id = ?").param(mia.settingId()).query(Integer.class)
        .single()).as("nothing stored").isZero();
    assertThat(put(path, Map.of("text", "x".repeat(4000))).getStatusCode()).as("4,000 characters").isEqualTo(HttpStatus.OK);
  }

  @Test
  void badTimeIsRefusedNamingTheFieldAndGoodTimeIsListedChangedAndDeletedByItsCoachOnly() {
    person("carl", "coaches");
    person("cleo", "coaches");
    Fixture mia = fixture("10000", "1500");
    CoachedGroup one = CoachedGroup.of(jdbc, mia.programmeId(), 1, "carl", 3, mia.settingId());
    String path = "/api/groups/" + one.id() + "/time";
    LocalDate today = LocalDate.now(java.time.ZoneId.of("Europe/London"));
    Map<String, Object> good = Map.of("date", today.minusDays(1).toString(), "kind", "PREPARATION", "hours", 1, "minutes", 30,
        "note", "Read the delegates' settings' reports");

    Map<String, Map<String, Object>> refusals = new java.util.LinkedHashMap<>();
    refusals.put("kind", with(good, "kind", "NAP"));
    refusals.put("minutes", with(with(good, "hours", 0), "minutes", 0));
    refusals.put("hours", with(good, "hours", 13));
    refusals.put("minutes ", with(with(good, "hours", 12), "minutes", 1));
    refusals.put("minutes  ", without(with(good, "minutes", 721), "hours"));
    refusals.put("minutes   ", with(good, "minutes", -5));
    refusals.put("date", with(good, "date", today.plusDays(1).toString()));
    refusals.put("date ", with(good, "date", today.minusDays(7 * 2 + 1 + 91).toString()));
    refusals.put("date  ", with(good, "date", "yesterday"));
    refusals.put("note", with(good, "note", "n".repeat(501)));
    refusals.put("colour", with(good, "colour", "red"));
    refusals.forEach((field, body) -> {
      ResponseEntity<Map> refused = http.withBasicAuth("carl", PASSWORD).postForEntity(path, body, Map.class);
      assertThat(refused.getStatusCode()).as(field + " " + body).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(refused.getBody()).as(field).containsEntry("field", field.strip());
    });
    assertThat(jdbc.sql("select count(*) from coach_time where group_id = ?").param(one.id()).query(Integer.class).single())
        .as("nothing stored").isZero();

    ResponseEntity<Map> recorded = http.withBasicAuth("carl", PASSWORD).postForEntity(path, good, Map.class);
    assertThat(recorded.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(recorded.getBody()).containsEntry("minutes", 90).containsEntry("kind", "PREPARATION");
    long id = ((Number) recorded.getBody().get("id")).longValue();
    ResponseEntity<Map> minutesAlone = http.withBasicAuth("carl", PASSWORD).postForEntity(path,
        Map.of("date", today.toString(), "kind", "FOLLOW_UP", "minutes", 720), Map.class);
    assertThat(minutesAlone.getStatusCode()).as("12 hours as minutes").isEqualTo(HttpStatus.CREATED);
    assertThat(http.withBasicAuth("carl", PASSWORD).getForObject(path, List.class)).hasSize(2);

    assertThat(put(path + "/" + id, with(good, "minutes", 45)).getBody()).containsEntry("minutes", 105);
    ResponseEntity<Map> badChange = put(path + "/" + id, with(good, "kind", "holiday"));
    assertThat(badChange.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(badChange.getBody()).containsEntry("field", "kind");

    // cleo does not coach group 1: its time is not there for her, to read, change or delete
    TestRestTemplate cleo = http.withBasicAuth("cleo", PASSWORD);
    assertThat(cleo.getForEntity(path, String.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(cleo.postForEntity(path, good, String.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(cleo.exchange(path + "/" + id, HttpMethod.PUT, new HttpEntity<>(good), String.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(cleo.exchange(path + "/" + id, HttpMethod.DELETE, null, String.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(http.withBasicAuth("cora", PASSWORD).exchange(path + "/" + id, HttpMethod.DELETE, null, String.class)
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

    assertThat(http.withBasicAuth("carl", PASSWORD).exchange(path + "/" + id, HttpMethod.DELETE, null, String.class)
        .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(http.withBasicAuth("carl", PASSWORD).getForObject(path, List.class)).hasSize(1);
    assertThat(http.withBasicAuth("carl", PASSWORD).exchange(path + "/" + id, HttpMethod.DELETE, null, String.class)
        .getStatusCode()).as("gone").isEqualTo(HttpStatus.NOT_FOUND);

    // a day has 24 hours, across a coach's groups (a day no other test records carl's time on)
    String day = today.minusDays(5).toString();
    for (int twelveHours = 0; twelveHours < 2; twelveHours++) {
      assertThat(http.withBasicAuth("carl", PASSWORD).postForEntity(path, Map.of("date", day, "kind", "SESSION",
          "hours", 12), Map.class).getStatusCode()).isEqualTo(HttpStatus.CREATED);
    }
    ResponseEntity<Map> overADay = http.withBasicAuth("carl", PASSWORD).postForEntity(path, Map.of("date", day,
        "kind", "SESSION", "minutes", 1), Map.class);
    assertThat(overADay.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(overADay.getBody()).containsEntry("field", "minutes");
    assertThat((String) overADay.getBody().get("message")).contains("a day has 24 hours").contains("24 h");
    // carl's days are shared by every test: leave none of this test's hours on them
    jdbc.sql("delete from coach_time where group_id = ?").param(one.id()).update();
  }

  @Test
  void theGroupPageShowsEveryProblemOfTheTimeFormBesideItsFieldAndTheNotesSummaryNamesThePerson() throws Exception {
    person("carl", "coaches");
    Fixture mia = fixture("10000", "1500");
    CoachedGroup one = CoachedGroup.of(jdbc, mia.programmeId(), 1, "carl", 3, mia.settingId());
    org.coachgrant.system.SignedInBrowser carl = new org.coachgrant.system.SignedInBrowser(port);
    carl.signIn("carl", PASSWORD);
    String page = "/my/groups/" + one.id();
    Map<String, String> bad = Map.of("date", "yesterday", "kind", "NAP", "hours", "13", "minutes", "5", "note", "n".repeat(501));
    for (String action : List.of(page + "/time", page + "/time/" + recordedOn(carl, one.id()))) {
      java.net.http.HttpResponse<String> refused = carl.postForm(page, action, bad);
      assertThat(refused.statusCode()).as(action).isEqualTo(200);
      assertThat(refused.body()).as(action).contains("There is a problem")
          .contains("href=\"#date\"").contains("href=\"#kind\"").contains("href=\"#hours\"").contains("href=\"#note\"")
          .contains("id=\"date-error\"").contains("id=\"kind-error\"").contains("id=\"hours-error\"")
          .contains("id=\"note-error\"").contains("Kind of time: ").contains("Note (optional): ");
    }
    assertThat(jdbc.sql("select count(*) from coach_time where group_id = ?").param(one.id()).query(Integer.class).single())
        .as("only the entry the test recorded").isEqualTo(1);

    java.net.http.HttpResponse<String> empty = carl.postForm(page, page + "/sessions/1/notes/" + mia.manager(), Map.of("text", ""));
    assertThat(empty.statusCode()).isEqualTo(200);
    String name = identity.createUserQuery().userId(mia.manager()).singleResult().getFirstName() + " Example";
    assertThat(empty.body()).contains("Your note on " + name + ", session 1: ").doesNotContain("Your note on " + mia.manager());
    jdbc.sql("delete from coach_time where group_id = ?").param(one.id()).update();
  }

  /** Records an hour for carl yesterday through the page; the entry's id. */
  private long recordedOn(org.coachgrant.system.SignedInBrowser carl, long group) throws Exception {
    String page = "/my/groups/" + group;
    String yesterday = LocalDate.now(java.time.ZoneId.of("Europe/London")).minusDays(1).toString();
    assertThat(carl.postForm(page, page + "/time", Map.of("date", yesterday, "kind", "SESSION", "hours", "1")).statusCode())
        .isEqualTo(302);
    return jdbc.sql("select max(id) from coach_time where group_id = ?").param(group).query(Long.class).single();
  }

  private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
    Map<String, Object> changed = new HashMap<>(body);
    changed.put(field, value);
    return changed;
  }

  private static Map<String, Object> without(Map<String, Object> body, String field) {
    Map<String, Object> changed = new HashMap<>(body);
    changed.remove(field);
    return changed;
  }
}
