package org.coachgrant.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.goals.CoachingGoalsProcess;
import org.coachgrant.resources.ResourceFolder;
import org.coachgrant.resources.SessionResources;
import org.coachgrant.system.SignedInBrowser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/** Each programme's retention periods, the schedule administrators see, and the nightly job that applies them. */
class RetentionTest extends CoachgrantTest {

  @Autowired TestRestTemplate http;
  @Autowired Retention retention;
  @Autowired SessionResources resources;
  @Autowired ApplicationContext context;
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
  void theNightlyJobRemovesAClosedProgrammesCoachingAndSessionResourcesAndEndsAGoalsProcessNobodyFinished(
      @TempDir Path folder) throws Exception {
    person("ada", "camunda-admin");
    person("carl", "coaches");
    Fixture closed = fixture("10000", "1500");
    // a manager of the closed programme who is also in one still open: kept, but the closed programme's coaching goes
    Fixture kept = enrol(closed.programmeCode(), closed.programmeId());
    Fixture open = fixture("10000", "1500");
    programmes.enrol(open.programmeId(), kept.settingId());
    // the closed programme's manager never set her goals: her goals task is still open
    CoachingGoalsProcess.attended(runtime, closed.programmeCode(), closed.programmeId(), closed.settingUrn(),
        closed.settingId(), closed.manager(), 1);
    assertThat(tasks.createTaskQuery().taskAssignee(closed.manager())
        .taskDefinitionKey(CoachingGoalsProcess.TASK_SET_GOALS).count()).isEqualTo(1);

    long closedSession = session(closed);
    long openSession = session(open);
    note(closedSession, closed, "Worried about Sam at home");
    note(closedSession, kept, "Kept's key person is off sick");
    note(openSession, open, "Open programme's note");
    time(closedSession, "Rang Sam's mother");
    time(openSession, "Planned session 2");
    long keptClosedGoal = goal(closed.programmeId(), kept.settingId(), "Stories with Sam");
    long keptOpenGoal = goal(open.programmeId(), kept.settingId(), "Outdoor play");

    byte[] pdf = "%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    Path was = ResourceFolder.use(context, folder);
    try {
      actAs("cora");
      resources.attachFile(closedSession, "Register of children", "register.pdf", pdf);
      resources.attachFile(openSession, "Open programme's slides", "slides.pdf", pdf);
      ResourceFolder.use(context, null);
      resources.attachFile(closedSession, "Photos of the day", "photos.pdf", pdf);
      resources.attachLink(closedSession, "Slides", "https://example.org/slides");
    } finally {
      identity.clearAuthentication();
      ResourceFolder.use(context, folder);
    }
    try {
      assertThat(filesIn(folder)).hasSize(2);
      LocalDate today = LocalDate.now();
      assertThat(set(closed.programmeCode(), today.minusMonths(25), 24, 6).getStatusCode().value()).isEqualTo(200);
      assertThat(set(open.programmeCode(), today.minusMonths(1), 24, 6).getStatusCode().value()).isEqualTo(200);

      List<Retention.Outcome> outcomes = retention.runDue(today);

      assertThat(outcomes).filteredOn(o -> o.programmeCode().equals(closed.programmeCode())).singleElement()
          .satisfies(o -> assertThat(o.waiting()).as("an unfinished goals task does not hold the manager").isEmpty());
      assertThat(managerOf(closed)).startsWith("erased-");
      assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(CoachingGoalsProcess.KEY)
          .processInstanceBusinessKey(CoachingGoalsProcess.businessKey(closed.programmeCode(), closed.settingUrn())).count())
          .as("her goals process ended with her").isZero();
      assertThat(managerOf(kept)).as("needed by the open programme").isEqualTo(kept.manager());

      assertThat(count("select count(*) from session_resource where session_id = ?", closedSession)).isZero();
      assertThat(count("select count(*) from session_resource_file f join session_resource r on r.id = f.resource_id"
          + " where r.session_id = ?", closedSession)).isZero();
      assertThat(filesIn(folder)).as("the closed programme's file is gone from the folder, the open one's stays").hasSize(1);
      assertThat(resources.ofSession(openSession)).singleElement()
          .satisfies(r -> assertThat(r.title()).isEqualTo("Open programme's slides"));

      assertThat(count("select count(*) from coaching_note where session_id = ?", closedSession))
          .as("every note at its sessions, the kept manager's too").isZero();
      assertThat(count("select count(*) from coaching_note where session_id = ?", openSession)).isEqualTo(1);
      assertThat(jdbc.sql("select minutes || ' ' || coalesce(note, '-') from coach_time where group_id in"
              + " (select group_id from coaching_session where id in (?, ?)) order by id").params(closedSession, openSession)
          .query(String.class).list()).as("the hours stay, the closed programme's words go")
          .containsExactly("90 -", "90 Planned session 2");

      assertThat(jdbc.sql("select goal || '|' || why_it_matters || '|' || how_we_know from coaching_goal where id = ?")
          .param(keptClosedGoal).query(String.class).single())
          .isEqualTo(Erasure.REMOVED + "|" + Erasure.REMOVED + "|" + Erasure.REMOVED);
      assertThat(jdbc.sql("select reflection || '|' || goal_reviewed from coaching_goal_review where goal_id = ?")
          .param(keptClosedGoal).query(String.class).single()).isEqualTo(Erasure.REMOVED + "|" + Erasure.REMOVED);
      assertThat(jdbc.sql("select goal from coaching_goal_history where goal_id = ?").param(keptClosedGoal)
          .query(String.class).single()).isEqualTo(Erasure.REMOVED);
      assertThat(jdbc.sql("select goal from coaching_goal where id = ?").param(keptOpenGoal).query(String.class).single())
          .as("the open programme's goals stay").isEqualTo("Outdoor play");
    } finally {
      ResourceFolder.use(context, was);
    }
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

  /** A group of the fixture's programme coached by carl, with the fixture's setting, and its one session, held yesterday. */
  private long session(Fixture f) {
    jdbc.sql("insert into coaching_group (programme_id, number, coach_id) values (?, 1, 'carl')").param(f.programmeId()).update();
    long group = jdbc.sql("select id from coaching_group where programme_id = ?").param(f.programmeId()).query(Long.class).single();
    jdbc.sql("insert into group_member (programme_id, group_id, setting_id) values (?, ?, ?)")
        .params(f.programmeId(), group, f.settingId()).update();
    jdbc.sql("insert into coaching_session (group_id, number, starts_at, minutes, place, status)"
            + " values (?, 1, ?, 120, 'Library', 'SCHEDULED')")
        .params(group, Timestamp.from(Instant.now().minus(1, ChronoUnit.DAYS))).update();
    return jdbc.sql("select id from coaching_session where group_id = ?").param(group).query(Long.class).single();
  }

  private void note(long session, Fixture about, String text) {
    Timestamp now = Timestamp.from(Instant.now());
    jdbc.sql("insert into coaching_note (session_id, setting_id, manager_id, author_id, note_text, created_at, updated_at)"
        + " values (?, ?, ?, 'carl', ?, ?, ?)").params(session, about.settingId(), about.manager(), text, now, now).update();
  }

  private void time(long session, String note) {
    jdbc.sql("insert into coach_time (group_id, coach_id, worked_on, kind, minutes, note, recorded_at)"
            + " select group_id, 'carl', ?, 'FOLLOW_UP', 90, ?, ? from coaching_session where id = ?")
        .params(LocalDate.now(), note, Timestamp.from(Instant.now()), session).update();
  }

  /** A goal of the setting in the programme, one earlier wording and one review of it. */
  private long goal(long programmeId, long settingId, String words) {
    Timestamp now = Timestamp.from(Instant.now());
    jdbc.sql("insert into coaching_goal (programme_id, setting_id, position, goal, why_it_matters, how_we_know, updated_by,"
        + " updated_at) values (?, ?, 1, ?, ?, ?, 'm', ?)").params(programmeId, settingId, words, words, words, now).update();
    long goal = jdbc.sql("select id from coaching_goal where programme_id = ? and setting_id = ?").params(programmeId, settingId)
        .query(Long.class).single();
    jdbc.sql("insert into coaching_goal_history (goal_id, change, goal, why_it_matters, how_we_know, changed_by, changed_at)"
        + " values (?, 'SET', ?, ?, ?, 'm', ?)").params(goal, words, words, words, now).update();
    long session = jdbc.sql("select s.id from coaching_session s join coaching_group g on g.id = s.group_id"
        + " where g.programme_id = ?").param(programmeId).query(Long.class).single();
    jdbc.sql("insert into coaching_goal_review (goal_id, session_id, session_number, progress, reflection, goal_reviewed,"
        + " reviewed_by, reviewed_at) values (?, ?, 2, 'UNDER_WAY', ?, ?, 'carl', ?)")
        .params(goal, session, words + " is under way", words, now).update();
    return goal;
  }

  private int count(String sql, long id) {
    return jdbc.sql(sql).param(id).query(Integer.class).single();
  }

  private static List<Path> filesIn(Path folder) throws Exception {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".bin")).toList();
    }
  }

  private String managerOf(Fixture f) {
    return jdbc.sql("select manager_user_id from setting where id = ?").param(f.settingId()).query(String.class).single();
  }
}
