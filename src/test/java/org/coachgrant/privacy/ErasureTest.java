package org.coachgrant.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.spin.plugin.variable.SpinValues;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.goals.CoachingGoalsProcess;
import org.coachgrant.coaching.Coaching;
import org.coachgrant.coaching.CoachingGroups;
import org.coachgrant.coaching.CoachingProcess;
import org.coachgrant.coaching.Sessions;
import org.coachgrant.programme.EnrolmentImports;
import org.coachgrant.programme.ProgrammeFigures;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;

/**
 * A manager with a unique marker in their user id, name, email and everything they write goes through the whole
 * journey (enrolment from a file, sessions, feedback, a plan with a revision, reviewers' comments, the grant, the
 * impact report, the follow-up, every email), is erased, and then no text or binary column of any table holds the
 * marker, while the ledger's and the programme's figures are exactly what they were.
 */
class ErasureTest extends CoachgrantTest {

  @Autowired TestRestTemplate http;
  @Autowired EnrolmentImports imports;
  @Autowired Coaching coaching;
  @Autowired Sessions sessionsOfGroups;
  @Autowired ProgrammeFigures figures;
  @Autowired DataSource dataSource;

  @Test
  void anErasedManagerLeavesNoTraceAndTheFiguresStayTheSame() throws Exception {
    person("ada", "camunda-admin");
    person("carl", "coaches");
    String marker = "zq" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    String code = "PRIV-" + marker.substring(2, 8);
    long programmeId = programmes.createProgramme(code, "Privacy programme", new BigDecimal("10000"),
        new BigDecimal("1500"), LocalDate.now().plusDays(60));
    String urn = "EYP" + marker.substring(2, 8);
    String bystanderUrn = "EYQ" + marker.substring(2, 8);
    long importId = imports.start(code, new StringReader("Setting name,URN,Manager name,Email\n"
        + "Privacy Nursery," + urn + ",Mia " + marker + "," + marker + "@example.org\n"
        + "Bystander Nursery," + bystanderUrn + ",Bea Bystander,bea" + marker.substring(2, 8) + "@example.org\n"), "cora");
    executeJobs();
    assertThat(imports.find(code, importId).orElseThrow().enrolled()).isEqualTo(2);
    String manager = jdbc.sql("select manager_user_id from setting where urn = ?").param(urn).query(String.class).single();
    assertThat(manager).isEqualTo(marker);

    // three sessions, attended, each with feedback that names a member of staff
    List<CoachingGroups.Group> groups = coaching.allocate(code);
    assertThat(groups).hasSize(1);
    CoachingGroups.Group group = groups.get(0);
    Instant first = Instant.now().plus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
    coaching.schedule(code, group.number(), IntStream.range(0, 3)
        .mapToObj(n -> new Coaching.SessionInput(first.plus(7L * n, ChronoUnit.DAYS), null, "Library, room 2")).toList());
    executeJobs();
    for (int n = 1; n <= 3; n++) {
      Sessions.Session session = sessionsOfGroups.find(group.id(), n).orElseThrow();
      ClockUtil.setCurrentTime(Date.from(session.endsAt().plusSeconds(60)));
      executeJobs();
      Task attendance = tasks.createTaskQuery().processInstanceBusinessKey(code + "/G" + group.number())
          .taskDefinitionKey(CoachingProcess.TASK_RECORD_ATTENDANCE).singleResult();
      actAs(group.coachId());
      tasks.complete(attendance.getId(), Map.of("attended", SpinValues.jsonValue("[\"" + urn + "\", \"" + bystanderUrn + "\"]").create()));
      identity.clearAuthentication();
      executeJobs();
      for (Task feedback : tasks.createTaskQuery().taskAssignee(manager).taskDefinitionKey(CoachingProcess.TASK_GIVE_FEEDBACK).list()) {
        actAs(manager);
        tasks.complete(feedback.getId(), Map.of("rating", 4, "comment", "Jo " + marker + " loved session " + n));
        identity.clearAuthentication();
      }
      executeJobs();
      // her coaching goals after session 1, reviewed by the coach in sessions 2 and 3, each naming a child
      ProcessInstance goals = runtime.createProcessInstanceQuery().processDefinitionKey(CoachingGoalsProcess.KEY)
          .processInstanceBusinessKey(CoachingGoalsProcess.businessKey(code, urn)).singleResult();
      if (n == 1) {
        complete(goals, CoachingGoalsProcess.TASK_SET_GOALS, manager, Map.of("goal1", "Stories with Sam " + marker,
            "goalWhy1", "Sam " + marker + " is quiet", "goalKnow1", "Sam " + marker + " retells one"));
      } else {
        complete(goals, CoachingGoalsProcess.TASK_REVIEW_GOALS, group.coachId(), Map.of("progress1", "UNDER_WAY",
            "reflection1", "Sam " + marker + " joins in"));
      }
    }
    ClockUtil.reset();

    // the plan, sent back once with a comment that names the manager, then approved and funded
    ProcessInstance plan = runtime.createProcessInstanceQuery().processDefinitionKey(TrainingPlanProcess.KEY)
        .processInstanceBusinessKey(code + "/" + urn).singleResult();
    assertThat(plan).as("the plan is requested once every session was attended").isNotNull();
    submitPlan(plan, manager, written(plan(2, "300"), marker));
    ResponseEntity<String> running = erase(marker, "Asked for by email on 1 December");
    assertThat(running.getStatusCode().value()).isEqualTo(409);
    assertThat(running.getBody()).contains("running work").contains("trainingPlan (" + code + "/" + urn + ")");
    review(plan, "ruth", "changes", "Mia " + marker + ", please add a third practitioner.");
    Map<String, Object> revised = written(plan(3, "300"), marker);
    submitPlan(plan, manager, revised);
    review(plan, "ruth", "approve", "Thank you, Mia " + marker + ".");
    assertThat(task(plan, TrainingPlanProcess.TASK_REPORT_IMPACT)).isNotNull();

    Map<String, Object> report = impact(true, 3, "800");
    report.put("changesForChildren", "Children talk more with " + marker);
    report.put("changesInPractice", "Key persons comment, says " + marker);
    report.put("cascadeHow", "Staff meetings led by " + marker);
    report.put("cascadeWhen", "September, " + marker);
    report.put("goalChange1", "Sam " + marker + " retells stories now");
    complete(plan, TrainingPlanProcess.TASK_REPORT_IMPACT, manager, report);
    Map<String, Object> accepted = new HashMap<>();
    accepted.put("impactDecision", "accept");
    accepted.put("impactComment", null);
    complete(plan, TrainingPlanProcess.TASK_REVIEW_IMPACT, "cora", accepted);
    LocalDate followUpDue = jdbc.sql("select follow_up_due from training_grant where programme_id = ?").param(programmeId)
        .query(LocalDate.class).single();
    moveClockTo(followUpDue);
    executeJobs();
    complete(plan, TrainingPlanProcess.TASK_FOLLOW_UP, manager, Map.of("learningInUse", "partly", "trainedStaffLeft", 1,
        "passedOnToNewStaff", "yes", "followUpComment", "Jo " + marker + " left in June."));
    ClockUtil.reset();
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(plan.getId()).count()).isZero();
    assertThat(hits(marker)).as("the marker is everywhere before the erasure").hasSizeGreaterThan(10);

    // the manager changed their address in Admin since enrolment: the setting still has the one they enrolled with
    org.camunda.bpm.engine.identity.User account = identity.createUserQuery().userId(manager).singleResult();
    account.setEmail("new." + marker + "@example.org");
    identity.saveUser(account);

    Map<String, Object> before = totals(programmeId);
    String bystanderBefore = jdbc.sql("select manager_user_id || ' ' || manager_name || ' ' || manager_email from setting"
        + " where urn = ?").param(bystanderUrn).query(String.class).single();

    // who may not, and what may not be
    assertThat(http.withBasicAuth("cora", PASSWORD).postForEntity("/api/people/" + manager + "/erasure",
        Map.of("reason", "Asked for by email"), String.class).getStatusCode().value()).isEqualTo(403);
    assertThat(http.withBasicAuth(manager, PASSWORD).postForEntity("/api/people/" + manager + "/erasure",
        Map.of("reason", "Asked for by email"), String.class).getStatusCode().value()).isIn(401, 403);
    ResponseEntity<String> self = erase("ada", "Leaving the programme team");
    assertThat(self.getStatusCode().value()).isEqualTo(400);
    assertThat(self.getBody()).contains("userId").contains("cannot erase yourself");
    assertThat(erase("nobody-" + marker.substring(2), "Asked for by email").getStatusCode().value()).isEqualTo(404);
    ResponseEntity<String> noReason = erase(manager, " ");
    assertThat(noReason.getStatusCode().value()).isEqualTo(400);
    assertThat(noReason.getBody()).contains("reason");
    ResponseEntity<String> named = erase(manager, "Mia " + marker + " asked by email");
    assertThat(named.getStatusCode().value()).isEqualTo(400);
    assertThat(named.getBody()).contains("must not name the person");
    ResponseEntity<String> capitalised = erase(manager, manager.toUpperCase() + " asked by email");
    assertThat(capitalised.getStatusCode().value()).as("the user id in capitals names them too").isEqualTo(400);
    assertThat(capitalised.getBody()).contains("must not name the person");
    ResponseEntity<String> long_ = erase(manager, "r".repeat(200_000));
    assertThat(long_.getStatusCode().value()).isEqualTo(400);
    assertThat(long_.getBody()).contains("reason").contains("at most 1000 characters");
    ResponseEntity<String> control = erase(manager, "Asked\u0000 by email");
    assertThat(control.getStatusCode().value()).isEqualTo(400);
    assertThat(control.getBody()).contains("reason").contains("control characters");

    ResponseEntity<Map> erased = http.withBasicAuth("ada", PASSWORD).postForEntity("/api/people/" + manager + "/erasure",
        Map.of("reason", "Asked for by email on 1 December 2026"), Map.class);
    assertThat(erased.getStatusCode().value()).isEqualTo(200);
    String pseudonym = (String) erased.getBody().get("pseudonym");
    assertThat(pseudonym).startsWith("erased-");

    assertThat(hits(marker)).as("every text and binary column of every table, after the erasure").isEmpty();
    assertThat(totals(programmeId)).isEqualTo(before);
    assertThat(jdbc.sql("select manager_user_id || ' ' || manager_name || ' ' || manager_email from setting where urn = ?")
        .param(bystanderUrn).query(String.class).single()).as("the other manager is untouched").isEqualTo(bystanderBefore);
    assertThat(jdbc.sql("select manager_user_id from setting where urn = ?").param(urn).query(String.class).single())
        .isEqualTo(pseudonym);
    assertThat(identity.createUserQuery().userId(manager).count()).as("the account is gone").isZero();
    assertThat(identity.checkPassword(manager, PASSWORD)).isFalse();
    assertThat(jdbc.sql("select erased_by || ' ' || reason from erasure where pseudonym = ?").param(pseudonym)
        .query(String.class).single()).isEqualTo("ada Asked for by email on 1 December 2026");

    ResponseEntity<String> again = erase(manager, "Asked for by email again");
    assertThat(again.getStatusCode().value()).isEqualTo(409);
    assertThat(again.getBody()).contains("already erased");
    ResponseEntity<String> pseudonymAgain = erase(pseudonym, "Asked for by email again");
    assertThat(pseudonymAgain.getStatusCode().value()).as("the pseudonym is the same person, erased").isEqualTo(409);
    assertThat(pseudonymAgain.getBody()).contains("already erased");
    assertThat(jdbc.sql("select count(*) from erasure where reason like 'Asked for by email%'").query(Integer.class).single())
        .as("one erasure recorded").isEqualTo(1);
  }

  @Test
  void aManagerWhoNeverSetHerGoalsIsErasedHerGoalsProcessEndsAndACoachsNotesKeepTheirWordsUnderThePseudonym() {
    person("ada", "camunda-admin");
    String coach = "c" + UUID.randomUUID().toString().substring(0, 8);
    person(coach, "coaches");
    Fixture f = fixture("10000", "1500");
    Fixture other = enrol(f.programmeCode(), f.programmeId());
    CoachingGoalsProcess.attended(runtime, f.programmeCode(), f.programmeId(), f.settingUrn(), f.settingId(), f.manager(), 1);
    String goalsKey = CoachingGoalsProcess.businessKey(f.programmeCode(), f.settingUrn());
    String goals = runtime.createProcessInstanceQuery().processInstanceBusinessKey(goalsKey).singleResult().getId();
    assertThat(tasks.createTaskQuery().processInstanceId(goals).taskAssignee(f.manager()).count()).isEqualTo(1);
    jdbc.sql("insert into coaching_group (programme_id, number, coach_id) values (?, 1, ?)").params(f.programmeId(), coach).update();
    jdbc.sql("insert into coaching_session (group_id, number, starts_at, minutes, place, status) select id, 1, ?, 120,"
        + " 'Library', 'SCHEDULED' from coaching_group where programme_id = ?").params(Timestamp.from(Instant.now()), f.programmeId())
        .update();
    long session = jdbc.sql("select s.id from coaching_session s join coaching_group g on g.id = s.group_id"
        + " where g.programme_id = ?").param(f.programmeId()).query(Long.class).single();
    for (Fixture about : List.of(f, other)) {
      jdbc.sql("insert into coaching_note (session_id, setting_id, manager_id, author_id, note_text, created_at, updated_at)"
          + " values (?, ?, ?, ?, ?, ?, ?)").params(session, about.settingId(), about.manager(), coach,
          "Talked about " + about.manager() + "'s staffing", Timestamp.from(Instant.now()), Timestamp.from(Instant.now())).update();
    }
    jdbc.sql("insert into coach_time (group_id, coach_id, worked_on, kind, minutes, note, recorded_at) select id, ?, ?,"
        + " 'PREPARATION', 45, 'Read up on Sam', ? from coaching_group where programme_id = ?")
        .params(coach, LocalDate.now(), Timestamp.from(Instant.now()), f.programmeId()).update();

    ResponseEntity<Map> erased = http.withBasicAuth("ada", PASSWORD).postForEntity("/api/people/" + f.manager() + "/erasure",
        Map.of("reason", "Asked for by email on 2 December 2026"), Map.class);

    assertThat(erased.getStatusCode().value()).as("an unfinished goals task does not hold the erasure").isEqualTo(200);
    String pseudonym = (String) erased.getBody().get("pseudonym");
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(goals).count()).isZero();
    var history = engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceId(goals).singleResult();
    assertThat(history.getDeleteReason()).isEqualTo(Erasure.ENDED_GOALS + pseudonym);
    assertThat(engine.getHistoryService().createHistoricTaskInstanceQuery().processInstanceId(goals).singleResult())
        .satisfies(t -> assertThat(t.getAssignee()).isEqualTo(pseudonym))
        .satisfies(t -> assertThat(t.getDeleteReason()).isEqualTo(Erasure.ENDED_GOALS + pseudonym));
    assertThat(jdbc.sql("select manager_id from coaching_note where session_id = ?").param(session).query(String.class).list())
        .as("the note about her goes; the note about another manager stays").containsExactly(other.manager());

    ResponseEntity<Map> coachErased = http.withBasicAuth("ada", PASSWORD).postForEntity("/api/people/" + coach + "/erasure",
        Map.of("reason", "Left the programme and asked"), Map.class);
    assertThat(coachErased.getStatusCode().value()).isEqualTo(200);
    String coachPseudonym = (String) coachErased.getBody().get("pseudonym");
    assertThat(jdbc.sql("select author_id || '|' || note_text from coaching_note where session_id = ?").param(session)
        .query(String.class).single()).as("another manager's data: the words stay, the coach is the pseudonym")
        .isEqualTo(coachPseudonym + "|Talked about " + other.manager() + "'s staffing");
    assertThat(jdbc.sql("select c.coach_id || '|' || c.minutes || '|' || coalesce(c.note, '-') from coach_time c"
            + " join coaching_group g on g.id = c.group_id where g.programme_id = ?").param(f.programmeId())
        .query(String.class).single()).as("the hours stay, the coach's words go").isEqualTo(coachPseudonym + "|45|-");
  }

  /** The plan's free text, each naming a member of staff and carrying the marker. */
  private static Map<String, Object> written(Map<String, Object> plan, String marker) {
    plan.put("identifiedNeeds", "Jo " + marker + " needs confidence with speech and language.");
    plan.put("expectedOutcomes", "Every key person, " + marker + " included, uses the strategies.");
    plan.put("cascadingPlan", "Trained staff mentor " + marker + ".");
    return plan;
  }

  private ResponseEntity<String> erase(String userId, String reason) {
    return http.withBasicAuth("ada", PASSWORD).postForEntity("/api/people/" + userId + "/erasure", Map.of("reason", reason),
        String.class);
  }

  /** The programme's money and figures: what an erasure must not change. */
  private Map<String, Object> totals(long programmeId) {
    Map<String, Object> totals = new java.util.TreeMap<>();
    totals.put("ledger", jdbc.sql("select entry_type, sum(amount) from budget_ledger where programme_id = ?"
        + " group by entry_type order by entry_type").param(programmeId)
        .query((rs, n) -> rs.getString(1) + "=" + rs.getBigDecimal(2).toPlainString()).list());
    totals.put("programme", jdbc.sql("select budget, committed from programme where id = ?").param(programmeId)
        .query((rs, n) -> rs.getBigDecimal(1).toPlainString() + "/" + rs.getBigDecimal(2).toPlainString()).single());
    totals.put("grants", jdbc.sql("select reference, amount, actual_spend, returned_amount, status, committed_at"
        + " from training_grant where programme_id = ?").param(programmeId).query().listOfRows().toString());
    totals.put("reports", jdbc.sql("select r.actual_spend, r.colleagues_reached, r.version from impact_report r"
        + " join training_grant g on g.id = r.grant_id where g.programme_id = ?").param(programmeId).query().listOfRows().toString());
    totals.put("attendance", jdbc.sql("select count(*) from attendance a join coaching_session s on s.id = a.session_id"
        + " join coaching_group g on g.id = s.group_id where g.programme_id = ? and a.attended").param(programmeId)
        .query(Long.class).single());
    totals.put("ratings", jdbc.sql("select sum(f.rating) from session_feedback f join coaching_session s on s.id = f.session_id"
        + " join coaching_group g on g.id = s.group_id where g.programme_id = ?").param(programmeId).query(Long.class).single());
    totals.put("decisions", jdbc.sql("select d.decision from plan_decision d join training_plan p on p.id = d.plan_id"
        + " where p.programme_id = ? order by d.id").param(programmeId).query(String.class).list());
    totals.put("funnel", figures.funnel(programmeId, "ada").toString());
    return totals;
  }

  /** Every "table.column" of the database whose text (or bytes read as UTF-8) holds the marker, whatever the case. */
  private List<String> hits(String marker) throws Exception {
    List<String> hits = new ArrayList<>();
    try (Connection connection = dataSource.getConnection()) {
      DatabaseMetaData meta = connection.getMetaData();
      List<String[]> columns = new ArrayList<>();
      try (ResultSet rs = meta.getColumns(connection.getCatalog(), connection.getSchema(), "%", "%")) {
        while (rs.next()) {
          int type = rs.getInt("DATA_TYPE");
          boolean text = List.of(Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.CLOB, Types.NCHAR, Types.NVARCHAR,
              Types.LONGNVARCHAR, Types.NCLOB).contains(type);
          boolean binary = List.of(Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB).contains(type);
          if (text || binary) {
            columns.add(new String[] {rs.getString("TABLE_NAME"), rs.getString("COLUMN_NAME"), binary ? "b" : "t"});
          }
        }
      }
      assertThat(columns.size()).as("the scan reads the columns of Coachgrant's and the engine's tables").isGreaterThan(100);
      String lower = marker.toLowerCase(Locale.ROOT);
      for (String[] column : columns) {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select \"" + column[1] + "\" from \"" + column[0] + "\" where \""
                 + column[1] + "\" is not null")) {
          while (rs.next()) {
            String value = column[2].equals("b") ? new String(rs.getBytes(1), StandardCharsets.UTF_8) : rs.getString(1);
            if (value.toLowerCase(Locale.ROOT).contains(lower)) {
              hits.add(column[0] + "." + column[1] + ": " + (value.length() > 200 ? value.substring(0, 200) + "…" : value));
            }
          }
        }
      }
    }
    return hits;
  }
}
