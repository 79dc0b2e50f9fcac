package org.coachgrant.coaching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.fortuna.ical4j.data.CalendarBuilder;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The {@code coachingGroup} process, one test per path, and the session feedback. */
class CoachingGroupProcessTest extends CoachgrantTest {

  @Autowired Coaching coaching;
  @Autowired CoachingGroups groups;
  @Autowired Sessions sessions;

  private final Instant start = Instant.now().plus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);

  @Test
  void everyoneWhoAttendsEverySessionHasTheirPlanRequestedAtOnce() throws Exception {
    Programme p = programme(4);
    ProcessInstance group = groupProcess(p, 1);
    schedule(p, 1, 0);
    executeJobs();
    List<MimeMessage> invitations = mailTo(p.managers().get(0));
    assertThat(invitations).hasSize(1);
    assertThat(invitations.get(0).getSubject()).containsIgnoringCase("session 1");
    new CalendarBuilder().build(new StringReader(calendar(invitations.get(0)))).validate();

    for (int n = 1; n <= 3; n++) {
      runSession(p, 1, n, Set.copyOf(p.urns()));
    }
    assertThat(group).isEnded().hasPassed("Event_GroupCoached").hasNotPassed(CoachingProcess.TASK_RESOLVE_MISSED);
    assertThat(plansRequested(p)).isEqualTo(4);
    assertThat(mailTo(p.managers().get(0))).extracting(MimeMessage::getSubject)
        .anyMatch(s -> s.toLowerCase().contains("remind") || s.toLowerCase().contains("tomorrow"));
  }

  @Test
  void aMissedSessionIsWaivedOrTheSettingWithdrawn() {
    Programme p = programme(4);
    ProcessInstance group = groupProcess(p, 1);
    schedule(p, 1, 0);
    runSession(p, 1, 1, Set.copyOf(p.urns()));
    runSession(p, 1, 2, Set.of(p.urns().get(0), p.urns().get(1)));
    runSession(p, 1, 3, Set.copyOf(p.urns()));
    assertThat(plansRequested(p)).isEqualTo(2);
    List<Task> missed = tasks.createTaskQuery().processInstanceId(group.getId())
        .taskDefinitionKey(CoachingProcess.TASK_RESOLVE_MISSED).list();
    assertThat(missed).hasSize(2);

    actAs("cora");
    tasks.complete(missed.get(0).getId(), Map.of("missedDecision", "waive", "missedReason", "Ofsted inspection that day"));
    tasks.complete(missed.get(1).getId(), Map.of("missedDecision", "withdraw", "missedReason", "The setting closed"));
    identity.clearAuthentication();
    executeJobs();
    assertThat(group).isEnded().hasPassed("Event_GroupCoached");
    assertThat(plansRequested(p)).isEqualTo(3);
    assertThat(jdbc.sql("select count(*) from delegate_decision where programme_id = ? and decided_by = 'cora'")
        .param(p.fixture().programmeId()).query(Integer.class).single()).isEqualTo(2);
  }

  @Test
  void aMissedSessionIsCaughtUpInAnotherGroupsSession() {
    Programme p = programme(7);
    groupProcess(p, 1);
    groupProcess(p, 2);
    schedule(p, 1, 0);
    schedule(p, 2, 1);
    String absent = groups.groups(p.fixture().programmeId()).get(0).members().get(0).urn();
    List<String> groupOne = groups.groups(p.fixture().programmeId()).get(0).members().stream().map(CoachingGroups.Member::urn).toList();
    List<String> groupTwo = groups.groups(p.fixture().programmeId()).get(1).members().stream().map(CoachingGroups.Member::urn).toList();
    runSession(p, 1, 1, Set.copyOf(groupOne));
    runSession(p, 2, 1, Set.copyOf(groupTwo));
    runSession(p, 1, 2, Set.copyOf(groupOne.subList(1, groupOne.size())));

    long groupTwoSessionTwo = sessions.find(groups.groups(p.fixture().programmeId()).get(1).id(), 2).orElseThrow().id();
    coaching.catchUp(groupTwoSessionTwo, absent);
    executeJobs();
    List<String> expected = new ArrayList<>(groupTwo);
    expected.add(absent);
    runSession(p, 2, 2, Set.copyOf(expected));
    runSession(p, 1, 3, Set.copyOf(groupOne));
    assertThat(plansRequested(p)).as("group one, the catch-up included").isEqualTo(groupOne.size());
  }

  @Test
  void theCoordinatorArrangesACatchUpFromTheOffersOfTheMissedSessionTask() {
    Programme p = programme(7);
    groupProcess(p, 1);
    ProcessInstance groupOneProcess = runtime.createProcessInstanceQuery()
        .processInstanceBusinessKey(p.fixture().programmeCode() + "/G1").singleResult();
    groupProcess(p, 2);
    schedule(p, 1, 0);
    schedule(p, 2, 10);
    List<String> groupOne = groups.groups(p.fixture().programmeId()).get(0).members().stream().map(CoachingGroups.Member::urn).toList();
    List<String> groupTwo = groups.groups(p.fixture().programmeId()).get(1).members().stream().map(CoachingGroups.Member::urn).toList();
    String absent = groupOne.get(0);
    runSession(p, 1, 1, Set.copyOf(groupOne));
    runSession(p, 1, 2, Set.copyOf(groupOne.subList(1, groupOne.size())));
    runSession(p, 1, 3, Set.copyOf(groupOne));

    Task missed = tasks.createTaskQuery().processInstanceId(groupOneProcess.getId())
        .taskDefinitionKey(CoachingProcess.TASK_RESOLVE_MISSED).singleResult();
    long groupOwnSession = sessions.find(groups.groups(p.fixture().programmeId()).get(0).id(), 2).orElseThrow().id();
    long offered = sessions.find(groups.groups(p.fixture().programmeId()).get(1).id(), 2).orElseThrow().id();
    assertThat(tasks.getVariableLocal(missed.getId(), "catchUpOptions").toString()).contains(String.valueOf(offered));
    actAs("cora");
    try {
      assertThatThrownBy(() -> tasks.complete(missed.getId(),
          Map.of("missedDecision", "catchUp", "catchUpSession", String.valueOf(groupOwnSession))))
          .hasMessageStartingWith("catchUpSession:");
      tasks.complete(missed.getId(), Map.of("missedDecision", "catchUp", "catchUpSession", String.valueOf(offered)));
    } finally {
      identity.clearAuthentication();
    }
    executeJobs();

    runSession(p, 2, 1, Set.copyOf(groupTwo));
    List<String> withGuest = new ArrayList<>(groupTwo);
    withGuest.add(absent);
    runSession(p, 2, 2, Set.copyOf(withGuest));
    assertThat(plansRequested(p)).as("group one, the caught-up delegate included").isEqualTo(groupOne.size());
  }

  @Test
  void aChangedSessionSendsAnUpdateAndMovesItsTimers() throws Exception {
    Programme p = programme(3);
    ProcessInstance group = groupProcess(p, 1);
    schedule(p, 1, 0);
    executeJobs();
    long first = sessions.find(groups.groups(p.fixture().programmeId()).get(0).id(), 1).orElseThrow().id();
    MAIL.purgeEmailFromAllMailboxes();

    Instant later = start.plus(3, ChronoUnit.HOURS);
    coaching.change(first, new Coaching.SessionInput(later, 90, "Online: https://meet.example.org/coaching"));
    executeJobs();
    List<MimeMessage> updates = mailTo(p.managers().get(0));
    assertThat(updates).hasSize(1);
    assertThat(calendar(updates.get(0))).contains("SEQUENCE:1").contains("METHOD:REQUEST");
    Date dayBefore = management.createJobQuery().processInstanceId(group.getId()).activityId(CoachingProcess.TIMER_DAY_BEFORE)
        .singleResult().getDuedate();
    assertThat(dayBefore.toInstant()).isEqualTo(later.minus(Duration.ofDays(1)));

    coaching.cancel(first);
    executeJobs();
    assertThat(calendar(mailTo(p.managers().get(0)).get(1))).contains("METHOD:CANCEL").contains("STATUS:CANCELLED");
  }

  @Test
  void attendanceIsRecordedOnceAndOnlyByTheGroupsCoach() {
    person("cleo", "coaches");
    Programme p = programme(2);
    groupProcess(p, 1);
    schedule(p, 1, 0);
    Sessions.Session first = sessions.find(groups.groups(p.fixture().programmeId()).get(0).id(), 1).orElseThrow();
    ClockUtil.setCurrentTime(Date.from(first.endsAt().plusSeconds(60)));
    executeJobs();
    Task attendance = tasks.createTaskQuery().processInstanceBusinessKey(p.fixture().programmeCode() + "/G1")
        .taskDefinitionKey(CoachingProcess.TASK_RECORD_ATTENDANCE).singleResult();
    String otherCoach = attendance.getAssignee().equals("carl") ? "cleo" : "carl";
    var http = new org.springframework.boot.test.web.client.TestRestTemplate().withBasicAuth(otherCoach, PASSWORD);
    String base = "http://127.0.0.1:" + port;
    assertThat(http.getForObject(base + "/engine-rest/task?taskDefinitionKey=" + CoachingProcess.TASK_RECORD_ATTENDANCE
        + "&processInstanceId=" + attendance.getProcessInstanceId(), List.class)).as("another coach does not see it").isEmpty();
    assertThat(http.postForEntity(base + "/engine-rest/task/" + attendance.getId() + "/complete",
        Map.of("variables", Map.of()), String.class).getStatusCode().value()).isIn(403, 404);

    runSession(p, 1, 1, Set.of(p.urns().get(0)));
    List<Sessions.Delegate> expected = sessions.expected(first.id());
    sessions.recordAttendance(first.id(), expected, Set.copyOf(p.urns()), "late");
    assertThat(jdbc.sql("select count(*) from attendance where session_id = ? and attended").param(first.id())
        .query(Integer.class).single()).as("a duplicate or late record changes nothing").isEqualTo(1);
  }

  @org.springframework.boot.test.web.server.LocalServerPort int port;

  @Test
  void attendeesGiveFeedbackThatIsStoredPerSession() {
    Programme p = programme(2);
    groupProcess(p, 1);
    schedule(p, 1, 0);
    runSession(p, 1, 1, Set.copyOf(p.urns()));
    Task feedback = tasks.createTaskQuery().taskAssignee(p.managers().get(0))
        .taskDefinitionKey(CoachingProcess.TASK_GIVE_FEEDBACK).singleResult();
    actAs(p.managers().get(0));
    tasks.complete(feedback.getId(), Map.of("rating", 5, "comment", "Hearing how others manage rotas helped."));
    identity.clearAuthentication();
    assertThat(jdbc.sql("select rating from session_feedback f join setting s on s.id = f.setting_id where s.manager_user_id = ?")
        .param(p.managers().get(0)).query(Integer.class).single()).isEqualTo(5);
  }

  // ---------------------------------------------------------------------------------------------

  record Programme(Fixture fixture, List<String> urns, List<String> managers) {}

  private Programme programme(int delegates) {
    person("carl", "coaches");
    Fixture f = fixture("100000", "1500");
    List<String> urns = new ArrayList<>(List.of(f.settingUrn()));
    List<String> managers = new ArrayList<>(List.of(f.manager()));
    for (int i = 1; i < delegates; i++) {
      Fixture other = enrol(f.programmeCode(), f.programmeId());
      urns.add(other.settingUrn());
      managers.add(other.manager());
    }
    coaching.allocate(f.programmeCode());
    return new Programme(f, urns, managers);
  }

  private ProcessInstance groupProcess(Programme p, int number) {
    return runtime.createProcessInstanceQuery().processInstanceBusinessKey(p.fixture().programmeCode() + "/G" + number)
        .singleResult();
  }

  private void schedule(Programme p, int group, int offsetDays) {
    coaching.schedule(p.fixture().programmeCode(), group, List.of(
        new Coaching.SessionInput(start.plus(offsetDays, ChronoUnit.DAYS), null, "Ipswich Library, room 2"),
        new Coaching.SessionInput(start.plus(7 + offsetDays, ChronoUnit.DAYS), null, "Ipswich Library, room 2"),
        new Coaching.SessionInput(start.plus(14 + offsetDays, ChronoUnit.DAYS), null, "Ipswich Library, room 2")));
  }

  /** Moves the clock past the session and records its attendance, as the coach does. */
  private void runSession(Programme p, int group, int number, Set<String> attended) {
    CoachingGroups.Group g = groups.groups(p.fixture().programmeId()).get(group - 1);
    Sessions.Session session = sessions.find(g.id(), number).orElseThrow();
    ClockUtil.setCurrentTime(Date.from(session.endsAt().plusSeconds(60)));
    executeJobs();
    Task task = tasks.createTaskQuery().processInstanceBusinessKey(p.fixture().programmeCode() + "/G" + group)
        .taskDefinitionKey(CoachingProcess.TASK_RECORD_ATTENDANCE).singleResult();
    assertThat(task).as("attendance of group " + group + ", session " + number).isNotNull();
    assertThat(task.getAssignee()).isEqualTo(g.coachId());
    actAs(g.coachId());
    tasks.complete(task.getId(), Map.of("attended", org.camunda.spin.plugin.variable.SpinValues
        .jsonValue(attended.stream().map(u -> "\"" + u + "\"").collect(java.util.stream.Collectors.joining(",", "[", "]"))).create()));
    identity.clearAuthentication();
    executeJobs();
  }

  private long plansRequested(Programme p) {
    return runtime.createProcessInstanceQuery().processDefinitionKey(TrainingPlanProcess.KEY)
        .processInstanceBusinessKeyLike(p.fixture().programmeCode() + "/%").count();
  }

  private List<MimeMessage> mailTo(String manager) {
    return List.of(MAIL.getReceivedMessagesForDomain(manager + "@example.org"));
  }

  private static String calendar(MimeMessage message) throws Exception {
    return calendarOf(message);
  }
}
