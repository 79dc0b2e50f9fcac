package org.coachgrant.coachnotes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.coachgrant.system.SignedInBrowser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Issue 24, point 3: a coach's note on a delegate is read by that coach and that manager, and by nobody else. cora (a
 * coordinator) and every other role that is not the note's author or subject is refused, or finds nothing, by every
 * route: the pages, Coachgrant's API, the engine's REST API and the webapps' (variables, history, tasks), the exports
 * and the report, the emails, and the subject access answer about someone else.
 */
class CoachingNotesAccessTest extends TwoCoachedGroups {

  @Autowired TestRestTemplate http;
  @LocalServerPort int port;

  private ResponseEntity<String> putNote(String user, long groupId, int session, String managerId, Object text) {
    return http.withBasicAuth(user, PASSWORD).exchange("/api/groups/{g}/sessions/{n}/notes/{m}", HttpMethod.PUT,
        new HttpEntity<>(java.util.Collections.singletonMap("text", text)), String.class, groupId, session, managerId);
  }

  private ResponseEntity<String> getNote(String user, long groupId, int session, String managerId) {
    return http.withBasicAuth(user, PASSWORD).getForEntity("/api/groups/{g}/sessions/{n}/notes/{m}", String.class,
        groupId, session, managerId);
  }

  @Test
  void theCoachWritesANoteThatOnlySheAndTheManagerItIsAboutRead() throws Exception {
    Story s = story();
    String text = "Mia wants to start with the two-year-olds' talk. " + s.marker();
    assertThat(putNote("carl", s.one().id(), 1, s.mia().manager(), text).getStatusCode()).isEqualTo(HttpStatus.OK);
    ResponseEntity<Map> read = http.withBasicAuth("carl", PASSWORD).getForEntity("/api/groups/{g}/sessions/1/notes/{m}",
        Map.class, s.one().id(), s.mia().manager());
    assertThat(read.getBody()).containsEntry("text", text).containsEntry("authorId", "carl");
    // rewritten: one note, the new words
    assertThat(putNote("carl", s.one().id(), 1, s.mia().manager(), text + " Later: started.").getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(jdbc.sql("select count(*) from coaching_note where setting_id = ?").param(s.mia().settingId())
        .query(Integer.class).single()).isEqualTo(1);

    List<Map<String, Object>> mine = http.withBasicAuth(s.mia().manager(), PASSWORD).getForObject("/api/my/notes", List.class);
    assertThat(mine).hasSize(1);
    assertThat(mine.get(0)).containsEntry("text", text + " Later: started.").containsEntry("sessionNumber", 1);
    assertThat(http.withBasicAuth(s.noah().manager(), PASSWORD).getForObject("/api/my/notes", List.class)).isEmpty();

    // the catch-up guest at carl's session 2 is carl's to note; cleo, tom's own coach, has no note there
    assertThat(putNote("carl", s.one().id(), 2, s.tom().manager(), "Caught up well. " + s.marker()).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(putNote("cleo", s.one().id(), 2, s.tom().manager(), "Mine?").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

    SignedInBrowser carl = signedIn("carl");
    String my = carl.get("/my").body();
    assertThat(my).contains("/my/groups/" + s.one().id());
    String page = carl.get("/my/groups/" + s.one().id()).body();
    assertThat(page).contains(s.marker()).contains("Attended").contains("Missed").contains("(catch-up)");
    String miasPage = signedIn(s.mia().manager()).get("/my").body();
    assertThat(miasPage).contains("Notes from your coach").contains(s.marker()).contains("Carl Example");
    assertThat(signedIn(s.noah().manager()).get("/my").body()).doesNotContain(s.marker()).doesNotContain("Notes from your coach");

    // the pages' own door: carl writes on the page; a note of another session stays apart
    String noted = "Noah missed session 1; call him. " + s.marker();
    assertThat(carl.postForm("/my/groups/" + s.one().id(), "/my/groups/" + s.one().id() + "/sessions/1/notes/" + s.noah().manager(),
        Map.of("text", noted)).statusCode()).isEqualTo(302);
    assertThat(http.withBasicAuth(s.noah().manager(), PASSWORD).getForObject("/api/my/notes", List.class)).hasSize(1);
  }

  @Test
  void coraAndEveryOtherNonOwnerIsRefusedFromTheNotesByEveryRoute() throws Exception {
    Story s = story();
    String text = "Mia is anxious about the ratios inspection. " + s.marker();
    assertThat(putNote("carl", s.one().id(), 1, s.mia().manager(), text).getStatusCode()).isEqualTo(HttpStatus.OK);
    long group = s.one().id();
    String mia = s.mia().manager();

    // roles that never have notes: 403 before anything is looked up, at the coach's door and the manager's
    for (String user : List.of("cora", "colin", "ruth", "rob", "sam", "vera", "ada", mia, s.noah().manager())) {
      assertThat(getNote(user, group, 1, mia).getStatusCode()).as(user + " reads the note").isEqualTo(HttpStatus.FORBIDDEN);
      assertThat(putNote(user, group, 1, mia, "Overwritten").getStatusCode()).as(user + " writes it").isEqualTo(HttpStatus.FORBIDDEN);
      assertThat(http.withBasicAuth(user, PASSWORD).getForEntity("/api/groups/{g}/time", String.class, group).getStatusCode())
          .as(user + " reads the coach's time").isEqualTo(HttpStatus.FORBIDDEN);
    }
    for (String user : List.of("cora", "colin", "ruth", "rob", "sam", "vera", "ada", "carl", "cleo")) {
      assertThat(http.withBasicAuth(user, PASSWORD).getForEntity("/api/my/notes", String.class).getStatusCode())
          .as(user + " reads notes about a manager").isEqualTo(HttpStatus.FORBIDDEN);
    }
    // another coach: the group, its sessions and delegates are not there for her
    assertThat(getNote("cleo", group, 1, mia).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(putNote("cleo", group, 1, mia, "Overwritten").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(getNote("carl", s.two().id(), 1, s.tom().manager()).getStatusCode()).as("carl in cleo's group")
        .isEqualTo(HttpStatus.NOT_FOUND);
    // another manager reads only notes about herself
    assertThat(http.withBasicAuth(s.noah().manager(), PASSWORD).getForObject("/api/my/notes", String.class))
        .doesNotContain(s.marker());
    assertThat(jdbc.sql("select note_text from coaching_note where manager_id = ?").param(mia).query(String.class).single())
        .as("nothing overwritten").isEqualTo(text);

    // the pages
    SignedInBrowser cora = signedIn("cora");
    assertThat(cora.get("/my/groups/" + group).statusCode()).isEqualTo(403);
    assertThat(cora.postForm("/programmes", "/my/groups/" + group + "/sessions/1/notes/" + mia, Map.of("text", "Overwritten"))
        .statusCode()).isEqualTo(403);
    assertThat(signedIn("cleo").get("/my/groups/" + group).statusCode()).isEqualTo(404);
    assertThat(signedIn("cleo").get("/my").body()).doesNotContain(s.marker());
    assertThat(signedIn(s.noah().manager()).get("/my/groups/" + group).statusCode()).isEqualTo(403);
    String code = s.mia().programmeCode();
    for (String user : List.of("cora", "ada", "ruth")) {
      SignedInBrowser who = user.equals("cora") ? cora : signedIn(user);
      for (String path : List.of("/programmes", "/programmes/" + code, "/programmes/" + code + "/groups",
          "/programmes/" + code + "/settings", "/programmes/" + code + "/settings/" + s.mia().settingUrn(),
          "/programmes/" + code + "/grants.csv", "/programmes/" + code + "/attendance.csv",
          "/programmes/" + code + "/coaching.csv", "/admin/people/" + mia, "/admin/people/carl")) {
        assertThat(who.get(path).body()).as(user + " on " + path).doesNotContain(s.marker());
      }
      // the engine's APIs, through the webapps with a session
      for (String path : List.of("variable-instance", "history/variable-instance", "history/detail", "task", "history/task",
          "history/user-operation")) {
        assertThat(who.api("/camunda/api/engine/engine/default/" + path).body()).as(user + " on the webapps' " + path)
            .doesNotContain(s.marker());
      }
    }
    assertThat(reportText(cora, code)).contains("Coaching hours").doesNotContain(s.marker());

    // the engine's REST API, with every role's password, and the engine's own tables
    for (String user : List.of("cora", "ada", "ruth", "sam", "carl", "cleo")) {
      for (String path : List.of("/engine-rest/variable-instance", "/engine-rest/history/variable-instance",
          "/engine-rest/history/detail", "/engine-rest/task", "/engine-rest/history/task",
          "/engine-rest/history/process-instance", "/engine-rest/history/user-operation")) {
        assertThat(http.withBasicAuth(user, PASSWORD).getForEntity(path, String.class).getBody()).as(user + " on " + path)
            .doesNotContain(s.marker());
      }
    }
    for (String table : List.of("act_ru_variable", "act_hi_varinst", "act_hi_detail")) {
      assertThat(jdbc.sql("select count(*) from " + table + " where text_ like ? or text2_ like ?")
          .params("%" + s.marker() + "%", "%" + s.marker() + "%").query(Integer.class).single()).as(table).isZero();
    }
    assertThat(jdbc.sql("select count(*) from email_outbox where body_text like ? or subject like ?")
        .params("%" + s.marker() + "%", "%" + s.marker() + "%").query(Integer.class).single()).as("emails").isZero();

    // subject access: cora is refused another's data; an administrator sees that a note exists, never its words
    assertThat(http.withBasicAuth("cora", PASSWORD).getForEntity("/api/people/{id}/data", String.class, mia).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    String adas = http.withBasicAuth("ada", PASSWORD).getForObject("/api/people/{id}/data", String.class, mia);
    assertThat(adas).contains("coaching_note").contains("[private coaching note").doesNotContain(s.marker());
    assertThat(http.withBasicAuth("ada", PASSWORD).getForObject("/api/people/{id}/data", String.class, "carl"))
        .doesNotContain(s.marker());
    // the person themselves, and the note's author, have their own copy
    assertThat(http.withBasicAuth(mia, PASSWORD).getForObject("/api/people/{id}/data", String.class, mia)).contains(s.marker());
    assertThat(http.withBasicAuth("carl", PASSWORD).getForObject("/api/people/{id}/data", String.class, "carl")).contains(s.marker());
  }

  @Test
  void erasingTheManagerRemovesTheNotesAboutHer() {
    Story s = story();
    assertThat(putNote("carl", s.one().id(), 1, s.mia().manager(), "About Mia. " + s.marker()).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(putNote("carl", s.one().id(), 1, s.noah().manager(), "About Noah. " + s.marker()).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(http.withBasicAuth("ada", PASSWORD).postForEntity("/api/people/" + s.mia().manager() + "/erasure",
        Map.of("reason", "Her request by letter, coaching notes test"), String.class).getStatusCode().is2xxSuccessful()).isTrue();
    assertThat(jdbc.sql("select count(*) from coaching_note where setting_id = ?").param(s.mia().settingId())
        .query(Integer.class).single()).isZero();
    assertThat(jdbc.sql("select count(*) from coaching_note where setting_id = ?").param(s.noah().settingId())
        .query(Integer.class).single()).as("another manager's note stays").isEqualTo(1);
  }

  /** Every page's text of the programme report, as cora downloads it. */
  static String reportText(SignedInBrowser browser, String code) throws Exception {
    return browser.pdfText("/programmes/" + code + "/report.pdf");
  }

  private SignedInBrowser signedIn(String user) throws Exception {
    SignedInBrowser browser = new SignedInBrowser(port);
    assertThat(browser.signIn(user, PASSWORD).headers().firstValue("Location").orElseThrow()).doesNotContain("error");
    return browser;
  }
}
