package org.coachgrant.trainingplan;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.coachgrant.coaching.CoachingGroups;
import org.coachgrant.coaching.SessionTimes;
import org.coachgrant.coaching.Sessions;
import org.coachgrant.coaching.Sessions.Session;
import org.coachgrant.goals.CoachingGoalsProcess;
import org.coachgrant.grant.Grant;
import org.coachgrant.grant.GrantService;
import org.coachgrant.grant.ImpactReports;
import org.coachgrant.programme.LetterSettings;
import org.coachgrant.programme.Programme;
import org.coachgrant.programme.ProgrammeRepository;
import org.coachgrant.programme.Setting;
import org.coachgrant.time.EngineTime;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What {@code /my} shows a manager: for each setting they manage, each programme it is enrolled in, its
 * sessions, its plan with every version and decision, its grant and impact report, and what waits for them.
 * A coach sees the groups they coach. Everything is looked up from the signed-in person's id, never from
 * the request, so nobody reads another person's setting.
 */
@Component
@Transactional(readOnly = true)
class MyHome {


  record SettingPart(Setting setting, List<ProgrammePart> programmes) {}

  record ProgrammePart(Programme programme, String enrolment, Integer groupNumber, List<SessionLine> sessions,
      PlanPart plan, GrantPart grant, List<Due> due) {}

  /** One session as its delegate reads it: when (in the programme's zone), where, and whether they came. */
  record SessionLine(int number, String when, String place, String state, boolean catchUp) {}

  record PlanPart(TrainingPlan plan, String status, List<VersionPart> versions) {}

  record VersionPart(int version, Instant submittedAt, PlanContent content, List<String> changes, List<DecisionLine> decisions) {}

  record DecisionLine(String decision, String by, Instant at, String comment) {}

  record GrantPart(Grant grant, Instant committedAt, Instant releasedAt, String impact) {}

  /**
   * A task waiting for the person, with its link: the plan's stable link ({@code /plans/{id}/next}, as in the
   * emails), else the process's ({@code /next/{processInstanceId}}); both open the task in Tasklist, for the
   * people who work there. A manager's page links straight to the task's own page ({@link #page()}).
   */
  record Due(String taskId, String name, String link, Date due) {

    /** The task on Coachgrant's own page, {@code /tasks/{id}}. */
    public String page() {
      return "/tasks/" + taskId;
    }
  }

  record CoachedGroup(Programme programme, int number, List<String> delegates, List<SessionLine> sessions) {}

  private final ProgrammeRepository programmes;
  private final TrainingPlanService plans;
  private final PlanDecisions decisions;
  private final Sessions sessions;
  private final SessionTimes times;
  private final CoachingGroups groups;
  private final GrantService grants;
  private final ImpactReports reports;
  private final TaskService tasks;
  private final RuntimeService runtime;
  private final LetterSettings letters;

  MyHome(ProgrammeRepository programmes, TrainingPlanService plans, PlanDecisions decisions, Sessions sessions,
      SessionTimes times, CoachingGroups groups, GrantService grants, ImpactReports reports, @Lazy TaskService tasks,
      @Lazy RuntimeService runtime, LetterSettings letters) {
    this.programmes = programmes;
    this.plans = plans;
    this.decisions = decisions;
    this.sessions = sessions;
    this.times = times;
    this.groups = groups;
    this.grants = grants;
    this.reports = reports;
    this.tasks = tasks;
    this.runtime = runtime;
    this.letters = letters;
  }

  /** The tasks assigned to the person, soonest due first. */
  List<Task> waiting(String userId) {
    return tasks.createTaskQuery().taskAssignee(userId).active().orderByDueDate().asc().orderByTaskCreateTime().asc().list();
  }

  List<SettingPart> settings(String userId, List<Task> waiting) {
    Map<String, String> goalsKeys = goalsKeys(waiting);
    return programmes.settingsManagedBy(userId).stream()
        .map(setting -> new SettingPart(setting, programmes.enrolmentsOf(setting.id()).stream()
            .map(enrolled -> programme(setting, enrolled, waiting, goalsKeys)).toList()))
        .toList();
  }

  /**
   * The business key ({@code <programme>/<setting>/goals}) of each coaching goals process whose task waits for the
   * person, by process instance id: one query for the whole page, none when no goals task waits.
   */
  private Map<String, String> goalsKeys(List<Task> waiting) {
    Set<String> instances = waiting.stream()
        .filter(t -> CoachingGoalsProcess.TASK_SET_GOALS.equals(t.getTaskDefinitionKey()))
        .map(Task::getProcessInstanceId).collect(Collectors.toSet());
    return instances.isEmpty() ? Map.of() : runtime.createProcessInstanceQuery().processInstanceIds(instances)
        .processDefinitionKey(CoachingGoalsProcess.KEY).list().stream()
        .filter(i -> i.getBusinessKey() != null)
        .collect(Collectors.toMap(ProcessInstance::getId, ProcessInstance::getBusinessKey));
  }

  /** The waiting tasks of none of the person's plans (session feedback, say). */
  List<Due> otherTasks(List<SettingPart> settings, List<Task> waiting) {
    List<String> shown = settings.stream().flatMap(s -> s.programmes().stream()).flatMap(p -> p.due().stream())
        .map(Due::taskId).toList();
    return waiting.stream().filter(t -> !shown.contains(t.getId()))
        .map(t -> due(t, "/next/" + t.getProcessInstanceId())).toList();
  }

  /**
   * The plan, its setting and programme, its grant and what the programme's letters say, if the plan is of a
   * setting {@code userId} manages. The grant is awarded the day it was committed against the budget, as the
   * grant records it, in the programme's zone.
   */
  Optional<Letter> letter(String userId, long planId) {
    return plans.findPlan(planId)
        .map(p -> plans.context(p.id()))
        .filter(c -> userId.equals(c.setting().managerUserId()))
        .flatMap(c -> grants.forPlan(planId).map(g -> {
          GrantPart grant = grant(g);
          LetterSettings.Letterhead letterhead = letters.of(c.programme());
          return new Letter(c.setting(), c.programme(), grant, plans.currentVersion(planId).orElseThrow(), letterhead,
              letterhead.day(grant.committedAt()));
        }));
  }

  record Letter(Setting setting, Programme programme, GrantPart grant, PlanVersion version,
      LetterSettings.Letterhead letterhead, LocalDate awardedOn) {}

  List<CoachedGroup> coached(String userId) {
    Instant now = EngineTime.now().toInstant();
    return groups.coachedBy(userId).stream().map(c -> {
      Programme programme = programmes.findProgramme(c.programmeId()).orElseThrow();
      List<SessionLine> lines = sessions.ofGroup(c.group().id()).stream()
          .map(s -> new SessionLine(s.number(), times.when(s), s.place(), state(s, null, now), false)).toList();
      return new CoachedGroup(programme, c.group().number(),
          c.group().members().stream().map(m -> m.settingName() + " (" + m.urn() + ")").toList(), lines);
    }).toList();
  }

  private ProgrammePart programme(Setting setting, ProgrammeRepository.Enrolled enrolled, List<Task> waiting,
      Map<String, String> goalsKeys) {
    Programme programme = enrolled.programme();
    Long groupId = groups.groupOf(programme.id(), setting.id());
    Integer groupNumber = groupId == null ? null : groups.group(groupId).map(CoachingGroups.Group::number).orElse(null);
    Map<Long, Boolean> attended = sessions.attendanceOf(setting.id());
    Instant now = EngineTime.now().toInstant();
    List<SessionLine> lines = new ArrayList<>();
    List<Session> own = groupId == null ? List.of() : sessions.ofGroup(groupId);
    own.forEach(s -> lines.add(new SessionLine(s.number(), times.when(s), s.place(), state(s, attended.get(s.id()), now), false)));
    sessions.guestSessionsOf(setting.id()).stream().filter(s -> s.programmeId() == programme.id())
        .forEach(s -> lines.add(new SessionLine(s.number(), times.when(s), s.place(), state(s, attended.get(s.id()), now), true)));
    lines.sort(Comparator.comparingInt(SessionLine::number).thenComparing(SessionLine::catchUp));

    Optional<TrainingPlan> plan = plans.find(programme.id(), setting.id());
    PlanPart planPart = plan.map(this::plan).orElse(null);
    GrantPart grantPart = plan.flatMap(p -> grants.forPlan(p.id())).map(this::grant).orElse(null);
    List<Due> due = new ArrayList<>(plan.map(p -> waiting.stream().filter(t -> p.processInstanceId() != null
        && p.processInstanceId().equals(t.getProcessInstanceId())).map(t -> due(t, "/plans/" + p.id() + "/next")).toList())
        .orElse(List.of()));
    // the plan's and the impact report's tasks first; then the coaching goals asked for after session 1
    String goalsKey = CoachingGoalsProcess.businessKey(programme.code(), setting.urn());
    waiting.stream().filter(t -> goalsKey.equals(goalsKeys.get(t.getProcessInstanceId())))
        .forEach(t -> due.add(due(t, "/next/" + t.getProcessInstanceId())));
    return new ProgrammePart(programme, enrolled.status(), groupNumber, lines, planPart, grantPart, due);
  }

  private static Due due(Task task, String link) {
    return new Due(task.getId(), task.getName(), link, task.getDueDate());
  }

  private static String state(Session session, Boolean attended, Instant now) {
    if (attended != null) {
      return attended ? "Attended" : "Missed";
    }
    if ("CANCELLED".equals(session.status())) {
      return "Cancelled";
    }
    return session.startsAt().isAfter(now) ? "To come" : "Attendance not recorded yet";
  }

  private PlanPart plan(TrainingPlan plan) {
    List<PlanDecisions.Entry> all = decisions.forPlan(plan.id());
    List<VersionPart> versions = new ArrayList<>();
    PlanContent before = null;
    for (PlanVersion version : plans.versions(plan.id())) {
      int number = version.version();
      versions.add(new VersionPart(number, version.submittedAt(), version.content(),
          before == null ? List.of() : List.of(PlanChanges.describe(before, version.content()).split("\n")),
          all.stream().filter(d -> d.planVersion() == number).map(MyHome::decision).toList()));
      before = version.content();
    }
    // decisions taken before any version (a deadline extended, say) belong to no version: shown with the plan
    List<DecisionLine> early = all.stream().filter(d -> d.planVersion() == 0).map(MyHome::decision).toList();
    if (!early.isEmpty()) {
      versions.add(0, new VersionPart(0, null, null, List.of(), early));
    }
    return new PlanPart(plan, status(plan.status()), versions);
  }

  static String status(String status) {
    return switch (status) {
      case "REQUESTED" -> "Waiting for you to write it";
      case "SUBMITTED" -> "Received, with a reviewer";
      case "CHANGES_REQUESTED" -> "Changes asked for: waiting for you to revise it";
      case "APPROVED" -> "Approved";
      case "REJECTED" -> "Not funded";
      case "WAIT_LISTED" -> "Approved, waiting for budget";
      case "FUNDED" -> "Approved and funded";
      case "WITHDRAWN" -> "Withdrawn";
      default -> status;
    };
  }

  private static DecisionLine decision(PlanDecisions.Entry entry) {
    return new DecisionLine(entry.decision().words(), entry.decidedBy(), entry.decidedAt(), entry.reason());
  }

  private GrantPart grant(Grant grant) {
    GrantService.Dates dates = grants.dates(grant.id());
    return new GrantPart(grant, dates.committedAt(), dates.releasedAt(), impact(grant));
  }

  private String impact(Grant grant) {
    if (Grant.CLOSED.equals(grant.status())) {
      return "Impact report accepted; the grant is closed";
    }
    if (Grant.CLOSED_NOT_REPORTED.equals(grant.status())) {
      return "Closed without an impact report";
    }
    if (reports.latest(grant.id()).isPresent()) {
      return "Impact report sent, with a reviewer";
    }
    LocalDate due = grant.impactDue();
    return due == null ? "Asked for after the training" : "Due by " + org.coachgrant.format.Formats.date(due);
  }
}
