package org.coachgrant.coaching;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.io.StringReader;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.fortuna.ical4j.data.CalendarBuilder;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.camunda.spin.plugin.variable.SpinValues;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.programme.EnrolmentImports;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.coachgrant.goals.CoachingGoalsProcess;
import org.coachgrant.system.SignedInBrowser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The reference programme (DOMAIN.md, seed 002) end to end: 42 managers enrolled from a CSV file,
 * 7 groups of 6, 3 sessions each, one manager missing session 2 and catching up in another group,
 * 42 training plans requested, and the feedback stored.
 */
class ReferenceProgrammeTest extends CoachgrantTest {

  @Autowired EnrolmentImports imports;
  @Autowired Coaching coaching;
  @Autowired CoachingGroups groups;
  @Autowired Sessions sessions;
  @Autowired org.springframework.boot.test.web.client.TestRestTemplate http;
  @org.springframework.boot.test.web.server.LocalServerPort int port;

  @Test
  void fortyTwoManagersAreCoachedInSevenGroupsAndAllWriteATrainingPlan() throws Exception {
    person("carl", "coaches");
    person("cleo", "coaches");
    Fixture f = fixture("63000", "1500");
    jdbc.sql("update enrolment set status = 'WITHDRAWN' where programme_id = ?").param(f.programmeId()).update();
    String tag = f.programmeCode().replaceAll("[^A-Za-z0-9]", "").toLowerCase();
    String csv = "Setting name,URN,Manager name,Email\n" + IntStream.rangeClosed(1, 42)
        .mapToObj(i -> "Setting %02d,R%s%02d,Manager %02d,m%02d.%s@example.org".formatted(i, tag, i, i, i, tag))
        .collect(Collectors.joining("\n"));
    long importId = imports.start(f.programmeCode(), new StringReader(csv), "cora");
    executeJobs();
    EnrolmentImports.Status report = imports.find(f.programmeCode(), importId).orElseThrow();
    assertThat(report.enrolled()).isEqualTo(42);
    assertThat(report.refused()).isZero();

    List<CoachingGroups.Group> allocated = coaching.allocate(f.programmeCode());
    assertThat(allocated).extracting(g -> g.members().size()).containsExactly(6, 6, 6, 6, 6, 6, 6);
    Instant start = Instant.now().plus(14, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
    for (CoachingGroups.Group group : allocated) {
      Instant first = start.plus((group.number() - 1) * 3L, ChronoUnit.HOURS);
      coaching.schedule(f.programmeCode(), group.number(), IntStream.range(0, 3)
          .mapToObj(n -> new Coaching.SessionInput(first.plus(7L * n, ChronoUnit.DAYS), null, "Ipswich Library, room 2"))
          .toList());
    }
    executeJobs();
    assertThat(jdbc.sql("select count(*) from session_change c join coaching_session s on s.id = c.session_id"
            + " join coaching_group g on g.id = s.group_id where g.programme_id = ? and c.kind = 'SCHEDULED'")
        .param(f.programmeId()).query(Integer.class).single()).as("who scheduled each session, kept for the audit")
        .isEqualTo(21);

    CoachingGroups.Member absent = allocated.get(0).members().get(0);
    for (int n = 1; n <= 3; n++) {
      for (CoachingGroups.Group group : allocated) {
        Set<String> attended = group.members().stream().map(CoachingGroups.Member::urn).collect(Collectors.toSet());
        if (n == 2 && group.number() == 1) {
          attended.remove(absent.urn());
          recordAttendance(f, group, n, attended);
          coaching.catchUp(sessions.find(allocated.get(1).id(), 2).orElseThrow().id(), absent.urn());
          continue;
        }
        if (n == 2 && group.number() == 2) {
          attended.add(absent.urn());
        }
        recordAttendance(f, group, n, attended);
      }
      coachingGoals(f, n);
    }

    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(TrainingPlanProcess.KEY)
        .processInstanceBusinessKeyLike(f.programmeCode() + "/%").count()).isEqualTo(42);
    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(CoachingProcess.GROUP_KEY)
        .processInstanceBusinessKeyLike(f.programmeCode() + "/%").count()).as("every group coached").isZero();

    String absentEmail = programmes.findSettingByUrn(absent.urn()).orElseThrow().managerEmail();
    List<MimeMessage> received = Arrays.asList(MAIL.getReceivedMessagesForDomain(absentEmail));
    List<String> subjects = received.stream().map(m -> subject(m)).toList();
    assertThat(subjects).filteredOn(s -> s.toLowerCase().contains("welcome")).hasSize(1);
    assertThat(received).filteredOn(m -> calendar(m) != null).hasSizeGreaterThanOrEqualTo(4);
    for (MimeMessage message : received) {
      String ics = calendar(message);
      if (ics != null) {
        new CalendarBuilder().build(new StringReader(ics)).validate();
      }
    }
    String anyoneEmail = programmes.findSettingByUrn(allocated.get(3).members().get(2).urn()).orElseThrow().managerEmail();
    assertThat(Arrays.stream(MAIL.getReceivedMessagesForDomain(anyoneEmail)).map(ReferenceProgrammeTest::subject))
        .as("invitation and reminder for each of the 3 sessions, and the plan request")
        .hasSizeGreaterThanOrEqualTo(1 + 3 + 3 + 1);

    // coaching time: each coach, on each session's day, its two hours and an hour's preparation
    for (CoachingGroups.Group group : allocated) {
      for (int n = 1; n <= 3; n++) {
        String day = sessions.find(group.id(), n).orElseThrow().startsAt().atZone(java.time.ZoneId.of("Europe/London"))
            .toLocalDate().toString();
        for (Map<String, Object> entry : List.of(Map.<String, Object>of("date", day, "kind", "SESSION", "minutes", 120),
            Map.<String, Object>of("date", day, "kind", "PREPARATION", "minutes", 60))) {
          assertThat(http.withBasicAuth(group.coachId(), PASSWORD).postForEntity("/api/groups/{g}/time", entry, String.class,
              group.id()).getStatusCode().value()).isEqualTo(201);
        }
      }
    }
    SignedInBrowser cora = new SignedInBrowser(port);
    cora.signIn("cora", PASSWORD);
    assertThat(cora.pdfText("/programmes/" + f.programmeCode() + "/report.pdf")).as("the programme report: 7 groups × 3 sessions × (2 h + 1 h's preparation), all recorded")
        .contains("63 h recorded of 63 h planned (100%), for 7 groups")
        .as("42 goals set, those of the 21 even-numbered settings achieved by session 3")
        .contains("Coaching goals: 42 set, 21 achieved by session 3");
    assertThat(cora.get("/programmes/" + f.programmeCode()).body()).contains("Coaching goals: 42 set, 21 achieved by session 3.");

    Task feedback = tasks.createTaskQuery().taskAssignee(absent.managerId())
        .taskDefinitionKey(CoachingProcess.TASK_GIVE_FEEDBACK).listPage(0, 1).get(0);
    actAs(absent.managerId());
    tasks.complete(feedback.getId(), Map.of("rating", 4, "comment", "Good to meet managers from other settings."));
    identity.clearAuthentication();
    assertThat(jdbc.sql("select count(*) from session_feedback f join coaching_session s on s.id = f.session_id"
            + " join coaching_group g on g.id = s.group_id where g.programme_id = ?")
        .param(f.programmeId()).query(Integer.class).single()).isEqualTo(1);
    assertThat(engine.getHistoryService().createHistoricTaskInstanceQuery().taskDefinitionKey(CoachingProcess.TASK_GIVE_FEEDBACK)
        .taskAssignee(absent.managerId()).count())
        .as("asked for feedback on each session attended, the catch-up included").isEqualTo(3);
  }

  /**
   * After session 1 every manager sets a goal; after sessions 2 and 3 the coaches review them (under way, then achieved
   * for the settings of even number); after session 3 each group's coach records the session's 2 hours and an hour's
   * preparation, in Coachgrant's API as a coach does.
   */
  private void coachingGoals(Fixture f, int session) {
    String key = CoachingGoalsProcess.KEY;
    for (Task task : tasks.createTaskQuery().processDefinitionKey(key).processInstanceBusinessKeyLike(f.programmeCode() + "/%")
        .taskDefinitionKey(session == 1 ? CoachingGoalsProcess.TASK_SET_GOALS : CoachingGoalsProcess.TASK_REVIEW_GOALS).list()) {
      // the business key is "<code>/<urn>/goals", and the reference URNs end in the setting's number
      String urn = runtime.createProcessInstanceQuery().processInstanceId(task.getProcessInstanceId()).singleResult()
          .getBusinessKey().replaceAll("/goals$", "");
      boolean even = Integer.parseInt(urn.substring(urn.length() - 2)) % 2 == 0;
      actAs(task.getAssignee());
      tasks.complete(task.getId(), session == 1
          ? Map.of("goal1", "Every room shares a story each day", "goalWhy1", "Language grows with stories",
              "goalKnow1", "Children retell a story to a friend")
          : Map.of("progress1", session == 3 && even ? "ACHIEVED" : "UNDER_WAY", "reflection1", "Story sacks in use"));
      identity.clearAuthentication();
    }
    executeJobs();
  }

  private void recordAttendance(Fixture f, CoachingGroups.Group group, int number, Set<String> attended) {
    Sessions.Session session = sessions.find(group.id(), number).orElseThrow();
    ClockUtil.setCurrentTime(Date.from(session.endsAt().plusSeconds(60)));
    executeJobs();
    Task task = tasks.createTaskQuery().processInstanceBusinessKey(f.programmeCode() + "/G" + group.number())
        .taskDefinitionKey(CoachingProcess.TASK_RECORD_ATTENDANCE).singleResult();
    actAs(group.coachId());
    tasks.complete(task.getId(), Map.of("attended", SpinValues.jsonValue(attended.stream().map(u -> "\"" + u + "\"")
        .collect(Collectors.joining(",", "[", "]"))).create()));
    identity.clearAuthentication();
    executeJobs();
  }

  private static String subject(MimeMessage message) {
    try {
      return message.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String calendar(MimeMessage message) {
    try {
      return calendarOf(message);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
