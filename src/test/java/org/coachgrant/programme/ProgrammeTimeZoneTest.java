package org.coachgrant.programme;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.system.SignedInBrowser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 20, point 1: a session typed as 13:30 is 13:30 where the programme runs, summer or winter, on every page,
 * export and email, whatever zone the server's JVM is in. The REST API keeps ISO instants.
 */
class ProgrammeTimeZoneTest extends CoachgrantTest {

  @LocalServerPort int port;

  @ParameterizedTest(name = "the server's own zone is {0}")
  @ValueSource(strings = {"UTC", "Pacific/Auckland"})
  void aSummerAndAWinterSessionReadAsTypedOnEveryPageExportAndEmail(String serverZone) throws Exception {
    TimeZone was = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone(serverZone));
    try {
      person("carl", "coaches");
      Fixture f = fixture("63000", "1500");
      SignedInBrowser cora = new SignedInBrowser(port);
      assertThat(cora.signIn("cora", PASSWORD).headers().firstValue("Location").orElseThrow()).doesNotContain("error");
      String groups = "/programmes/" + f.programmeCode() + "/groups";
      assertThat(cora.postForm(groups, groups, Map.of()).statusCode()).isEqualTo(302);
      assertThat(cora.get(groups).body()).as("the time field says whose time it is")
          .contains("The programme&#39;s local time (Europe/London)")
          .as("one group, in the singular").contains("1 group allocated, with its coach.");

      Map<String, String> form = new HashMap<>();
      String[] dates = {"2027-06-15", "2027-06-29", "2028-01-12"};
      for (int i = 1; i <= 3; i++) {
        form.put("g1-s" + i + "-date", dates[i - 1]);
        // seconds, as some browsers' time fields send them: the session starts on the minute
        form.put("g1-s" + i + "-time", i == 1 ? "13:30:45" : "13:30");
        form.put("g1-s" + i + "-place", "Ipswich Library");
      }
      HttpResponse<String> scheduled = cora.postForm(groups, groups + "/1/sessions", form);
      assertThat(scheduled.statusCode()).as(scheduled.body()).isEqualTo(302);
      assertThat(startsAt(f, 1)).as("stored as the instant it is in London").isEqualTo(Instant.parse("2027-06-15T12:30:00Z"));
      assertThat(startsAt(f, 3)).isEqualTo(Instant.parse("2028-01-12T13:30:00Z"));

      String summer = "Tuesday 15 June 2027, 13:30 BST";
      String winter = "Wednesday 12 January 2028, 13:30 GMT";
      assertThat(cora.get(groups).body()).as("Groups and sessions").contains(summer).contains(winter);

      String csv = new String(cora.http().send(java.net.http.HttpRequest.newBuilder(
          cora.uri("/programmes/" + f.programmeCode() + "/attendance.csv")).build(),
          HttpResponse.BodyHandlers.ofByteArray()).body(), StandardCharsets.UTF_8);
      assertThat(csv).as("attendance.csv, as the pages and emails write a session's time").contains(summer).contains(winter)
          .doesNotContain("13:30:");
      assertThat(cora.get("/programmes/" + f.programmeCode()).body()).as("the dashboard").contains(summer).contains(winter)
          .doesNotContain("13:30:");
      assertThat(cora.pdfText("/programmes/" + f.programmeCode() + "/report.pdf")).as("the report, in the singular")
          .contains("0 h recorded of 9 h planned (0%), for 1 group:");

      String cancel = "/programmes/" + f.programmeCode() + "/sessions/" + sessionId(f, 3) + "/cancel";
      HttpResponse<String> check = cora.postForm(groups, cancel, Map.of());
      assertThat(check.body()).as("the cancel check").contains(winter);
      assertThat(cora.postForm(groups, cancel, Map.of("revisionWas", ProgrammePagesTest.revisionOn(check), "confirmed", "yes"))
          .statusCode()).isEqualTo(302);

      executeJobs();
      List<String> emails = new ArrayList<>();
      for (MimeMessage message : MAIL.getReceivedMessagesForDomain(f.manager() + "@example.org")) {
        emails.add(text(message));
      }
      assertThat(String.join("\n", emails)).as("the invitation, and the winter session's cancellation").contains(summer).contains(winter)
          .doesNotContain("14:30").doesNotContain("12:30");

      SignedInBrowser manager = new SignedInBrowser(port);
      assertThat(manager.signIn(f.manager(), PASSWORD).headers().firstValue("Location").orElseThrow()).doesNotContain("error");
      assertThat(manager.get("/my").body()).as("the manager's page").contains(summer).contains(winter);
    } finally {
      TimeZone.setDefault(was);
    }
  }

  /** The hour the clocks go forward does not happen: a session typed in it is refused beside its field, not moved. */
  @org.junit.jupiter.api.Test
  void aTimeTheClocksSkipIsRefusedBesideTheField() throws Exception {
    person("carl", "coaches");
    Fixture f = fixture("63000", "1500");
    SignedInBrowser cora = new SignedInBrowser(port);
    assertThat(cora.signIn("cora", PASSWORD).headers().firstValue("Location").orElseThrow()).doesNotContain("error");
    String groups = "/programmes/" + f.programmeCode() + "/groups";
    assertThat(cora.postForm(groups, groups, Map.of()).statusCode()).isEqualTo(302);
    Map<String, String> form = new HashMap<>();
    String[] dates = {"2027-03-28", "2027-04-04", "2027-04-11"};
    for (int i = 1; i <= 3; i++) {
      form.put("g1-s" + i + "-date", dates[i - 1]);
      form.put("g1-s" + i + "-time", "01:30");
      form.put("g1-s" + i + "-place", "Ipswich Library");
    }
    HttpResponse<String> refused = cora.postForm(groups, groups + "/1/sessions", form);
    assertThat(refused.statusCode()).isEqualTo(200);
    assertThat(refused.body()).contains("id=\"g1-s1-date-error\"")
        .contains("that time does not happen on that day in Europe/London (the clocks go forward)");
    assertThat(jdbc.sql("select count(*) from coaching_session cs join coaching_group g on g.id = cs.group_id where g.programme_id = ?")
        .param(f.programmeId()).query(Long.class).single()).as("nothing scheduled").isZero();
  }

  private long sessionId(Fixture f, int number) {
    return jdbc.sql("select cs.id from coaching_session cs join coaching_group g on g.id = cs.group_id"
        + " where g.programme_id = ? and g.number = 1 and cs.number = ?").params(f.programmeId(), number).query(Long.class).single();
  }

  private Instant startsAt(Fixture f, int number) {
    return jdbc.sql("select starts_at from coaching_session where id = ?").param(sessionId(f, number))
        .query(java.sql.Timestamp.class).single().toInstant();
  }
}
