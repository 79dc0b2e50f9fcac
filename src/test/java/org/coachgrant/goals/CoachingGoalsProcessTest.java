package org.coachgrant.goals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.spin.plugin.variable.SpinValues;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.coaching.Coaching;
import org.coachgrant.coaching.CoachingGroups;
import org.coachgrant.coaching.CoachingProcess;
import org.coachgrant.coaching.Sessions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The {@code coachingGoals} process, one test per path. */
class CoachingGoalsProcessTest extends CoachgrantTest {

  @Autowired Coaching coaching;
  @Autowired CoachingGroups groups;
  @Autowired CoachingGoals goals;

  private final Instant start = Instant.now().plus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);

  @Test
  void goalsSetAfterSessionOneAreReviewedByTheCoachInSessionsTwoAndThree() {
    Group g = group(2, 1);
    runSession(g, 1, 1, g.urns());
    ProcessInstance process = goalsProcess(g, 0);
    assertThat(process).isWaitingAt(CoachingGoalsProcess.TASK_SET_GOALS).task().isAssignedTo(g.managers().get(0));
    assertThat(goalsProcess(g, 1)).as("each attending manager has their own").isWaitingAt(CoachingGoalsProcess.TASK_SET_GOALS);

    setGoals(process, g.managers().get(0), 2);
    assertThat(process).isWaitingAt(CoachingGoalsProcess.EVENT_ATTENDANCE_CHANGED);
    runSession(g, 1, 2, g.urns());
    Task review = task(process, CoachingGoalsProcess.TASK_REVIEW_GOALS);
    assertThat(review.getAssignee()).isEqualTo(coachOf(g, 1));
    assertThat(tasks.getVariableLocal(review.getId(), "goalText1").toString()).contains("Goal 1").contains("stories");
    assertThat(tasks.getVariableLocal(review.getId(), "hasGoal3")).isEqualTo(false);
    review(process, coachOf(g, 1), Map.of("progress1", "UNDER_WAY", "reflection1", "Story sacks in two rooms",
        "progress2", "NOT_STARTED", "reflection2", "Next month"));
    runSession(g, 1, 3, g.urns());
    review(process, coachOf(g, 1), Map.of("progress1", "ACHIEVED", "reflection1", "Every room reads daily",
        "progress2", "UNDER_WAY", "reflection2", "Started"));

    assertThat(process).isEnded().hasPassed(CoachingGoalsProcess.EVENT_GOALS_REVIEWED);
    assertThat(goals.reviews(g.programmeId(), g.settingIds().get(0))).extracting(CoachingGoals.Review::sessionNumber)
        .containsExactly(2, 2, 3, 3);
    CoachingGoals.GroupCounts counts = goals.countsPerGroup(g.programmeId()).get(0);
    assertThat(counts.managersWithGoals()).isEqualTo(1);
    assertThat(counts.goalsSet()).isEqualTo(2);
    assertThat(counts.goalsAchievedBySession3()).isEqualTo(1);
  }

  @Test
  void goalsNotSetBeforeSessionTwoAreReviewedForItAsSoonAsTheyAreSet() {
    Group g = group(1, 1);
    runSession(g, 1, 1, g.urns());
    runSession(g, 1, 2, g.urns());
    ProcessInstance process = goalsProcess(g, 0);
    assertThat(process).isWaitingAt(CoachingGoalsProcess.TASK_SET_GOALS);

    setGoals(process, g.managers().get(0), 1);
    Task review = task(process, CoachingGoalsProcess.TASK_REVIEW_GOALS);
    assertThat(review).as("the review of session 2, due at once").isNotNull();
    assertThat(runtime.getVariable(process.getId(), "reviewSessionNumber")).isEqualTo(2);
    review(process, coachOf(g, 1), Map.of("progress1", "UNDER_WAY", "reflection1", "A good start"));
    assertThat(process).isWaitingAt(CoachingGoalsProcess.EVENT_ATTENDANCE_CHANGED);
  }

  @Test
  void aManagerWhoMissesSessionTwoIsReviewedByTheCoachOfHerCatchUp() {
    Group g = group(2, 2);
    // the catch-up group has a coach of its own (no new coach account: other tests count the coaches)
    CoachingGroups.Group second = groups.groups(g.programmeId()).get(1);
    String cath = groups.groups(g.programmeId()).get(0).coachId().equals("carl") ? "cleo" : "carl";
    person(cath, "coaches");
    jdbc.sql("update coaching_group set coach_id = ? where id = ?").params(cath, second.id()).update();
    runtime.setVariable(runtime.createProcessInstanceQuery().processInstanceBusinessKey(g.code() + "/G2").singleResult().getId(),
        CoachingProcess.COACH_ID.name(), cath);
    List<String> groupOne = urnsOf(g, 1);
    List<String> groupTwo = urnsOf(g, 2);
    String absent = groupOne.get(0);
    runSession(g, 1, 1, groupOne);
    runSession(g, 2, 1, groupTwo);
    ProcessInstance process = goalsProcessOf(g, absent);
    setGoals(process, managerOf(g, absent), 1);
    runSession(g, 1, 2, groupOne.subList(1, groupOne.size()));
    assertThat(process).as("session 2 missed: still waiting").isWaitingAt(CoachingGoalsProcess.EVENT_ATTENDANCE_CHANGED);

    coaching.catchUp(sessions.find(second.id(), 2).orElseThrow().id(), absent);
    executeJobs();
    List<String> withGuest = new ArrayList<>(groupTwo);
    withGuest.add(absent);
    runSession(g, 2, 2, withGuest);
    assertThat(task(process, CoachingGoalsProcess.TASK_REVIEW_GOALS).getAssignee()).as("the catch-up's coach").isEqualTo(cath);
    review(process, cath, Map.of("progress1", "UNDER_WAY", "reflection1", "Caught up well"));
    assertThat(goals.reviews(g.programmeId(), settingOf(absent)).get(0).reviewedBy()).isEqualTo(cath);
  }

  @Test
  void aGoalEditedAfterItsReviewKeepsItsHistoryAndTheReviewKeepsWhatItReviewed() {
    Group g = group(1, 1);
    runSession(g, 1, 1, g.urns());
    ProcessInstance process = goalsProcess(g, 0);
    setGoals(process, g.managers().get(0), 1);
    runSession(g, 1, 2, g.urns());
    review(process, coachOf(g, 1), Map.of("progress1", "UNDER_WAY", "reflection1", "Going well"));

    long settingId = g.settingIds().get(0);
    goals.set(g.programmeId(), settingId, List.of(new CoachingGoals.Goal("Daily outdoor storytelling",
        "Children who rarely speak join in outdoors", "Key persons note who joins in")), g.managers().get(0));

    assertThat(goals.current(g.programmeId(), settingId).get(0).goal()).isEqualTo("Daily outdoor storytelling");
    assertThat(goals.reviews(g.programmeId(), settingId).get(0).goalReviewed()).isEqualTo("Goal 1: read more stories");
    assertThat(goals.history(g.programmeId(), settingId)).extracting(CoachingGoals.HistoryEntry::change)
        .containsExactly("SET", "EDITED");
    runSession(g, 1, 3, g.urns());
    assertThat(tasks.getVariableLocal(task(process, CoachingGoalsProcess.TASK_REVIEW_GOALS).getId(), "goalText1").toString())
        .as("session 3 reviews the goal as it is now").contains("outdoor");
  }

  @Test
  void aManagerWhoNeverAttendsSessionsTwoAndThreeEndsWhenTheCoordinatorWaivesThem() {
    Group g = group(2, 1);
    runSession(g, 1, 1, g.urns());
    ProcessInstance process = goalsProcess(g, 0);
    setGoals(process, g.managers().get(0), 1);
    List<String> others = g.urns().subList(1, g.urns().size());
    runSession(g, 1, 2, others);
    runSession(g, 1, 3, others);
    assertThat(process).isWaitingAt(CoachingGoalsProcess.EVENT_ATTENDANCE_CHANGED);

    Task missed = tasks.createTaskQuery().processInstanceBusinessKey(g.code() + "/G1")
        .taskDefinitionKey("Task_ResolveMissedSession").singleResult();
    actAs("cora");
    tasks.complete(missed.getId(), Map.of("missedDecision", "waive", "missedReason", "Long-term illness, agreed by the programme"));
    identity.clearAuthentication();
    executeJobs();
    assertThat(process).isEnded().hasPassed(CoachingGoalsProcess.EVENT_GOALS_REVIEWED)
        .hasNotPassed(CoachingGoalsProcess.TASK_REVIEW_GOALS);
  }

  @Test
  void theFormsRefuseAnEmptyGoalAndAReviewWithoutProgress() {
    Group g = group(1, 1);
    runSession(g, 1, 1, g.urns());
    ProcessInstance process = goalsProcess(g, 0);
    Task set = task(process, CoachingGoalsProcess.TASK_SET_GOALS);
    actAs(g.managers().get(0));
    try {
      assertThatThrownBy(() -> tasks.complete(set.getId(), Map.of("goal1", " ", "goalWhy1", "x", "goalKnow1", "y")))
          .hasMessageContaining("goal1: is required");
      assertThatThrownBy(() -> tasks.complete(set.getId(), Map.of("goal1", "a", "goalWhy1", "x", "goalKnow1", "y",
          "goal2", "b"))).hasMessageContaining("goalWhy2: is required");
      assertThatThrownBy(() -> tasks.complete(set.getId(), Map.of("goal1", "a".repeat(501), "goalWhy1", "x", "goalKnow1", "y")))
          .hasMessageContaining("goal1: must be at most 500 characters");
    } finally {
      identity.clearAuthentication();
    }
    setGoals(process, g.managers().get(0), 1);
    runSession(g, 1, 2, g.urns());
    Task review = task(process, CoachingGoalsProcess.TASK_REVIEW_GOALS);
    actAs(coachOf(g, 1));
    try {
      assertThatThrownBy(() -> tasks.complete(review.getId(), Map.of("progress1", "DONE", "reflection1", "x")))
          .hasMessageContaining("progress1: must be one of ACHIEVED, NOT_STARTED, UNDER_WAY");
    } finally {
      identity.clearAuthentication();
    }
    assertThat(goals.reviews(g.programmeId(), g.settingIds().get(0))).isEmpty();
  }

  @Test
  void aReviewOfAGoalTheManagerHasSinceRemovedIsRefusedNamingTheField() {
    Group g = group(1, 1);
    runSession(g, 1, 1, g.urns());
    ProcessInstance process = goalsProcess(g, 0);
    setGoals(process, g.managers().get(0), 2);
    runSession(g, 1, 2, g.urns());
    Task review = task(process, CoachingGoalsProcess.TASK_REVIEW_GOALS);
    long settingId = g.settingIds().get(0);
    // the manager keeps goal 1 only while the coach has the review open with both
    goals.set(g.programmeId(), settingId, List.of(new CoachingGoals.Goal("Goal 1: read more stories",
        "Language grows with stories", "Children retell a story")), g.managers().get(0));
    actAs(coachOf(g, 1));
    try {
      assertThatThrownBy(() -> tasks.complete(review.getId(), Map.of("progress1", "UNDER_WAY", "reflection1", "Going well",
          "progress2", "ACHIEVED", "reflection2", "Done")))
          .hasMessageContaining("progress2: reviews goal 2, which the manager has removed since this form was opened");
    } finally {
      identity.clearAuthentication();
    }
    assertThat(goals.reviews(g.programmeId(), settingId)).isEmpty();
    review(process, coachOf(g, 1), Map.of("progress1", "UNDER_WAY", "reflection1", "Going well"));
    assertThat(goals.reviews(g.programmeId(), settingId)).hasSize(1);
  }

  record Group(String code, long programmeId, List<String> urns, List<String> managers, List<Long> settingIds) {}

  private Group group(int delegates, int groupCount) {
    person("carl", "coaches");
    Fixture f = fixture("100000", "1500");
    jdbc.sql("update programme set group_size_limit = ? where id = ?").params(Math.max(1, (delegates + groupCount - 1) / groupCount), f.programmeId()).update();
    List<String> urns = new ArrayList<>(List.of(f.settingUrn()));
    List<String> managers = new ArrayList<>(List.of(f.manager()));
    List<Long> ids = new ArrayList<>(List.of(f.settingId()));
    for (int i = 1; i < delegates; i++) {
      Fixture other = enrol(f.programmeCode(), f.programmeId());
      urns.add(other.settingUrn());
      managers.add(other.manager());
      ids.add(other.settingId());
    }
    coaching.allocate(f.programmeCode());
    for (int n = 1; n <= groupCount; n++) {
      coaching.schedule(f.programmeCode(), n, List.of(
          new Coaching.SessionInput(start.plus(n - 1, ChronoUnit.DAYS), null, "Ipswich Library, room 2"),
          new Coaching.SessionInput(start.plus(7 + n - 1, ChronoUnit.DAYS), null, "Ipswich Library, room 2"),
          new Coaching.SessionInput(start.plus(14 + n - 1, ChronoUnit.DAYS), null, "Ipswich Library, room 2")));
    }
    return new Group(f.programmeCode(), f.programmeId(), urns, managers, ids);
  }

  private List<String> urnsOf(Group g, int number) {
    return groups.groups(g.programmeId()).get(number - 1).members().stream().map(CoachingGroups.Member::urn).toList();
  }

  private String coachOf(Group g, int number) {
    return groups.groups(g.programmeId()).get(number - 1).coachId();
  }

  private String managerOf(Group g, String urn) {
    return g.managers().get(g.urns().indexOf(urn));
  }

  private long settingOf(String urn) {
    return programmes.findSettingByUrn(urn).orElseThrow().id();
  }

  private ProcessInstance goalsProcess(Group g, int delegate) {
    return goalsProcessOf(g, g.urns().get(delegate));
  }

  private ProcessInstance goalsProcessOf(Group g, String urn) {
    return runtime.createProcessInstanceQuery().processDefinitionKey(CoachingGoalsProcess.KEY)
        .processInstanceBusinessKey(CoachingGoalsProcess.businessKey(g.code(), urn)).singleResult();
  }

  private void setGoals(ProcessInstance process, String manager, int count) {
    Map<String, Object> values = new HashMap<>();
    for (int n = 1; n <= count; n++) {
      values.put("goal" + n, "Goal " + n + ": read more stories");
      values.put("goalWhy" + n, "Language grows with stories");
      values.put("goalKnow" + n, "Children retell a story");
    }
    complete(process, CoachingGoalsProcess.TASK_SET_GOALS, manager, values);
  }

  private void review(ProcessInstance process, String coach, Map<String, Object> values) {
    complete(process, CoachingGoalsProcess.TASK_REVIEW_GOALS, coach, values);
  }

  /** Moves the clock past the session and records its attendance, as the coach does. */
  private void runSession(Group g, int group, int number, List<String> attended) {
    CoachingGroups.Group cg = groups.groups(g.programmeId()).get(group - 1);
    Sessions.Session session = sessions.find(cg.id(), number).orElseThrow();
    ClockUtil.setCurrentTime(Date.from(session.endsAt().plusSeconds(60)));
    executeJobs();
    Task task = tasks.createTaskQuery().processInstanceBusinessKey(g.code() + "/G" + group)
        .taskDefinitionKey(CoachingProcess.TASK_RECORD_ATTENDANCE).singleResult();
    actAs(cg.coachId());
    tasks.complete(task.getId(), Map.of("attended", SpinValues.jsonValue(Set.copyOf(attended).stream()
        .map(u -> "\"" + u + "\"").collect(Collectors.joining(",", "[", "]"))).create()));
    identity.clearAuthentication();
    executeJobs();
  }
}
