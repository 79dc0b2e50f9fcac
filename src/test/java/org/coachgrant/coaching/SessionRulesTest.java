package org.coachgrant.coaching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.forms.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** The session endpoints and the rules sessions keep: count, order, length, who; catch-ups; moves; times and zones. */
class SessionRulesTest extends CoachgrantTest {

  @Autowired TestRestTemplate http;
  @Autowired Coaching coaching;
  @Autowired CoachingGroups groups;
  @Autowired Sessions sessions;

  /** Wednesday 2 June 2027, 12:30 UTC: 13:30 in London (BST). */
  private static final Instant JUNE = Instant.parse("2027-06-02T12:30:00Z");

  @Test
  void onlyCoordinatorsScheduleAllSessionsInOrderWithinTheLengthBounds() {
    Fixture f = programme(2);
    TestRestTemplate cora = http.withBasicAuth("cora", PASSWORD);
    String path = "/api/programmes/{code}/groups/1/sessions";

    assertThat(http.withBasicAuth(f.manager(), PASSWORD).postForEntity(path, sessionsFrom(JUNE), String.class,
        f.programmeCode()).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertRefused(cora.postForEntity(path, sessionsFrom(JUNE).subList(0, 2), Map.class, f.programmeCode()),
        "sessions: must list the programme's 3 sessions (was 2)");
    List<Map<String, Object>> outOfOrder = sessionsFrom(JUNE);
    outOfOrder.set(1, Map.of("startsAt", JUNE.minus(1, ChronoUnit.DAYS).toString(), "place", "Library"));
    assertRefused(cora.postForEntity(path, outOfOrder, Map.class, f.programmeCode()), "sessions[2].startsAt: must be after session 1");
    List<Map<String, Object>> tooShort = sessionsFrom(JUNE);
    tooShort.set(2, Map.of("startsAt", JUNE.plus(14, ChronoUnit.DAYS).toString(), "place", "Library", "minutes", 10));
    assertRefused(cora.postForEntity(path, tooShort, Map.class, f.programmeCode()), "sessions[3].minutes");
    tooShort.set(2, Map.of("startsAt", JUNE.plus(14, ChronoUnit.DAYS).toString(), "place", "Library", "minutes", 481));
    assertRefused(cora.postForEntity(path, tooShort, Map.class, f.programmeCode()), "sessions[3].minutes");

    ResponseEntity<List> scheduled = cora.postForEntity(path, sessionsFrom(JUNE), List.class, f.programmeCode());
    assertThat(scheduled.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(scheduled.getBody()).hasSize(3);
  }

  @Test
  void aChangeKeepsTheSessionsInOrder() {
    Fixture f = programme(2);
    schedule(f, 1, JUNE);
    long second = session(f, 1, 2).id();
    TestRestTemplate cora = http.withBasicAuth("cora", PASSWORD);

    assertRefused(put(cora, second, JUNE.minus(1, ChronoUnit.HOURS)), "startsAt: must be after session 1 ends");
    assertRefused(put(cora, second, JUNE.plus(1, ChronoUnit.HOURS)), "startsAt: must be after session 1 ends");
    assertRefused(put(cora, second, JUNE.plus(15, ChronoUnit.DAYS)), "startsAt: must end before session 3 starts");
    assertThat(http.withBasicAuth(f.manager(), PASSWORD).exchange("/api/sessions/{id}", HttpMethod.PUT,
        new HttpEntity<>(Map.of("startsAt", JUNE.plus(8, ChronoUnit.DAYS).toString(), "place", "Library")), String.class,
        second).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertRefused(cora.exchange("/api/sessions/{id}", HttpMethod.PUT, new HttpEntity<>(Map.of("startsAt",
        JUNE.plus(8, ChronoUnit.DAYS).toString(), "place", "Library\r\nEND:VEVENT")), Map.class, second),
        "place: must be one line");
    assertThat(put(cora, second, JUNE.plus(8, ChronoUnit.DAYS)).getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(session(f, 1, 2).startsAt()).isEqualTo(JUNE.plus(8, ChronoUnit.DAYS));
  }

  @Test
  void aSessionIsCancelledOnceAndNeverAfterItBegan() {
    Fixture f = programme(2);
    schedule(f, 1, JUNE);
    TestRestTemplate cora = http.withBasicAuth("cora", PASSWORD);
    long third = session(f, 1, 3).id();
    assertThat(cora.exchange("/api/sessions/{id}", HttpMethod.DELETE, null, Map.class, third).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertRefused(cora.exchange("/api/sessions/{id}", HttpMethod.DELETE, null, Map.class, third), "session: is cancelled already");
    long first = session(f, 1, 1).id();
    org.camunda.bpm.engine.impl.util.ClockUtil.setCurrentTime(java.util.Date.from(JUNE.plus(1, ChronoUnit.HOURS)));
    assertRefused(cora.exchange("/api/sessions/{id}", HttpMethod.DELETE, null, Map.class, first), "session: has already begun");
    assertThat(session(f, 1, 1).status()).isEqualTo("SCHEDULED");
  }

  @Test
  void aCatchUpIsInAnotherGroupOfTheSameProgrammeInASessionOfAMissedNumberStillToCome() throws Exception {
    Fixture f = programme(7);
    Fixture elsewhere = programme(2);
    schedule(f, 1, JUNE);
    schedule(f, 2, JUNE.plus(1, ChronoUnit.DAYS));
    schedule(elsewhere, 1, JUNE.plus(1, ChronoUnit.DAYS));
    List<CoachingGroups.Member> groupOne = groups.groups(f.programmeId()).get(0).members();
    String absent = groupOne.get(0).urn();
    ClockUtil.setCurrentTime(Date.from(JUNE.minus(1, ChronoUnit.DAYS)));
    TestRestTemplate cora = http.withBasicAuth("cora", PASSWORD);

    assertRefused(guest(cora, session(f, 2, 1).id(), absent), "has not missed session 1");
    recordAttendance(f, 1, 1, Set.of());
    assertRefused(guest(cora, session(f, 1, 1).id(), absent), "is in group 1 already");
    assertRefused(guest(cora, session(elsewhere, 1, 1).id(), absent), "is not a delegate of");
    assertRefused(guest(cora, session(f, 2, 2).id(), absent), "has not missed session 2");
    assertThat(http.withBasicAuth(f.manager(), PASSWORD).postForEntity("/api/sessions/{id}/guests",
        Map.of("settingUrn", absent), String.class, session(f, 2, 1).id()).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

    MAIL.purgeEmailFromAllMailboxes();
    assertThat(guest(cora, session(f, 2, 1).id(), absent).getStatusCode()).isEqualTo(HttpStatus.OK);
    executeJobs();
    assertThat(sessions.expected(session(f, 2, 1).id())).extracting(Sessions.Delegate::urn).contains(absent);
    assertThat(mailTo(groupOne.get(0).managerId())).extracting(MimeMessage::getSubject).hasSize(1);

    ClockUtil.setCurrentTime(Date.from(session(f, 2, 1).endsAt().plusSeconds(60)));
    assertRefused(guest(cora, session(f, 2, 1).id(), groupOne.get(1).urn()), "that session is not still to come");
  }

  @Test
  void aMoveAfterInvitationsCancelsTheOldGroupsSessionAndInvitesToTheNewOneAndAfterTheFirstSessionIsRefused()
      throws Exception {
    Fixture f = programme(7);
    schedule(f, 1, JUNE);
    schedule(f, 2, JUNE.plus(1, ChronoUnit.DAYS));
    ClockUtil.setCurrentTime(Date.from(JUNE.minus(3, ChronoUnit.DAYS)));
    executeJobs();
    CoachingGroups.Member mover = groups.groups(f.programmeId()).get(0).members().get(0);
    MAIL.purgeEmailFromAllMailboxes();

    ResponseEntity<String> moved = http.withBasicAuth("cora", PASSWORD).postForEntity("/api/programmes/{code}/groups/moves",
        Map.of("settingUrn", mover.urn(), "toGroup", 2), String.class, f.programmeCode());
    assertThat(moved.getStatusCode()).isEqualTo(HttpStatus.OK);
    executeJobs();
    List<MimeMessage> notices = mailTo(mover.managerId());
    assertThat(notices).hasSize(2);
    assertThat(notices).extracting(m -> calendarOf(m)).anySatisfy(ics -> assertThat(ics).contains("METHOD:CANCEL")
        .contains("UID:session-" + session(f, 1, 1).id() + "@"));
    assertThat(notices).extracting(m -> calendarOf(m)).anySatisfy(ics -> assertThat(ics).contains("METHOD:REQUEST")
        .contains("UID:session-" + session(f, 2, 1).id() + "@"));

    MAIL.purgeEmailFromAllMailboxes();
    ClockUtil.setCurrentTime(Date.from(JUNE.plus(1, ChronoUnit.DAYS).minus(1, ChronoUnit.HOURS)));
    executeJobs();
    assertThat(mailTo(mover.managerId())).as("one reminder, from the new group").hasSize(1);
    assertThat(text(mailTo(mover.managerId()).get(0))).contains("group 2");

    assertThat(http.withBasicAuth("cora", PASSWORD).postForEntity("/api/programmes/{code}/groups/moves",
        Map.of("settingUrn", mover.urn(), "toGroup", 1), Map.class, f.programmeCode()).getBody().get("message"))
        .asString().contains("the first session has begun");
  }

  @Test
  void timesAreInTheProgrammesZoneAndSayWhichAndTomorrowOnlyWhenItIs() throws Exception {
    Fixture london = programme(1);
    schedule(london, 1, JUNE);
    ClockUtil.setCurrentTime(Date.from(JUNE.minus(3, ChronoUnit.DAYS)));
    executeJobs();
    MimeMessage invitation = mailTo(london.manager()).get(0);
    assertThat(text(invitation)).contains("Wednesday 2 June 2027, 13:30 BST");

    MAIL.purgeEmailFromAllMailboxes();
    ClockUtil.setCurrentTime(Date.from(JUNE.minus(23, ChronoUnit.HOURS)));
    executeJobs();
    assertThat(mailTo(london.manager()).get(0).getSubject()).contains("is tomorrow, Wednesday 2 June 2027, 13:30 BST");

    Fixture york = programme(1);
    programmes.setTimeZone(york.programmeId(), "America/New_York");
    Instant lateEvening = Instant.parse("2027-06-03T02:00:00Z");
    schedule(york, 1, lateEvening);
    ClockUtil.setCurrentTime(Date.from(lateEvening.minus(2, ChronoUnit.HOURS)));
    MAIL.purgeEmailFromAllMailboxes();
    executeJobs();
    List<MimeMessage> sent = mailTo(york.manager());
    assertThat(sent).extracting(MimeMessage::getSubject)
        .anySatisfy(s -> assertThat(s).contains("is today, Wednesday 2 June 2027, 22:00 GMT-04:00"))
        .noneSatisfy(s -> assertThat(s).contains("tomorrow"));
  }

  @Test
  void feedbackClosesAfterTwoWeeksAndRatesFromOneToFive() {
    Fixture f = programme(2);
    schedule(f, 1, JUNE);
    recordAttendance(f, 1, 1, Set.copyOf(groups.groups(f.programmeId()).get(0).members().stream()
        .map(CoachingGroups.Member::urn).toList()));
    List<CoachingGroups.Member> members = groups.groups(f.programmeId()).get(0).members();
    Task first = feedbackTask(members.get(0).managerId());
    actAs(members.get(0).managerId());
    for (int rating : new int[] {0, 6}) {
      assertThatThrownBy(() -> tasks.complete(first.getId(), Map.of("rating", rating)))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("rating: must be");
    }
    tasks.complete(first.getId(), Map.of("rating", 1));
    identity.clearAuthentication();

    Task second = feedbackTask(members.get(1).managerId());
    ClockUtil.setCurrentTime(Date.from(ClockUtil.getCurrentTime().toInstant().plus(13, ChronoUnit.DAYS)));
    executeJobs();
    assertThat(feedbackTask(members.get(1).managerId())).as("open for two weeks").isNotNull();
    ClockUtil.setCurrentTime(Date.from(ClockUtil.getCurrentTime().toInstant().plus(1, ChronoUnit.DAYS).plusSeconds(60)));
    executeJobs();
    assertThat(feedbackTask(members.get(1).managerId())).as("closed after two weeks").isNull();
    assertThat(second).isNotNull();
  }

  // ---------------------------------------------------------------------------------------------

  private Fixture programme(int delegates) {
    person("carl", "coaches");
    Fixture f = fixture("100000", "1500");
    for (int i = 1; i < delegates; i++) {
      enrol(f.programmeCode(), f.programmeId());
    }
    coaching.allocate(f.programmeCode());
    return f;
  }

  private static List<Map<String, Object>> sessionsFrom(Instant first) {
    return new java.util.ArrayList<>(List.of(
        Map.of("startsAt", first.toString(), "place", "Ipswich Library, room 2"),
        Map.of("startsAt", first.plus(7, ChronoUnit.DAYS).toString(), "place", "Ipswich Library, room 2"),
        Map.of("startsAt", first.plus(14, ChronoUnit.DAYS).toString(), "place", "Ipswich Library, room 2")));
  }

  private void schedule(Fixture f, int group, Instant first) {
    ClockUtil.setCurrentTime(Date.from(first.minus(30, ChronoUnit.DAYS)));
    coaching.schedule(f.programmeCode(), group, sessionsFrom(first).stream().map(m -> new Coaching.SessionInput(
        Instant.parse((String) m.get("startsAt")), null, (String) m.get("place"))).toList());
  }

  private Sessions.Session session(Fixture f, int group, int number) {
    return sessions.find(groups.groups(f.programmeId()).get(group - 1).id(), number).orElseThrow();
  }

  private void recordAttendance(Fixture f, int group, int number, Set<String> attended) {
    ClockUtil.setCurrentTime(Date.from(session(f, group, number).endsAt().plusSeconds(60)));
    executeJobs();
    Task task = tasks.createTaskQuery().processInstanceBusinessKey(f.programmeCode() + "/G" + group)
        .taskDefinitionKey(CoachingProcess.TASK_RECORD_ATTENDANCE).singleResult();
    actAs(task.getAssignee());
    tasks.complete(task.getId(), Map.of("attended", org.camunda.spin.plugin.variable.SpinValues.jsonValue(
        attended.stream().map(u -> "\"" + u + "\"").collect(java.util.stream.Collectors.joining(",", "[", "]"))).create()));
    identity.clearAuthentication();
    executeJobs();
  }

  private Task feedbackTask(String manager) {
    return tasks.createTaskQuery().taskAssignee(manager).taskDefinitionKey(CoachingProcess.TASK_GIVE_FEEDBACK).singleResult();
  }

  private ResponseEntity<Map> put(TestRestTemplate as, long session, Instant startsAt) {
    return as.exchange("/api/sessions/{id}", HttpMethod.PUT,
        new HttpEntity<>(Map.of("startsAt", startsAt.toString(), "place", "Ipswich Library, room 2")), Map.class, session);
  }

  private ResponseEntity<Map> guest(TestRestTemplate as, long session, String urn) {
    return as.postForEntity("/api/sessions/{id}/guests", Map.of("settingUrn", urn), Map.class, session);
  }

  private static void assertRefused(ResponseEntity<Map> answer, String message) {
    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) answer.getBody().get("message")).contains(message);
  }

  private List<MimeMessage> mailTo(String manager) {
    return List.of(MAIL.getReceivedMessagesForDomain(manager + "@example.org"));
  }
}
