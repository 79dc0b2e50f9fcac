package org.coachgrant.coaching;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.programme.Programme;
import org.coachgrant.programme.ProgrammeRepository;
import org.coachgrant.programme.Setting;
import org.coachgrant.forms.Inputs;
import org.coachgrant.forms.InvalidInputException;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.coachgrant.trainingplan.TrainingPlanService;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Runs a programme's coaching: starts a group's process when the groups are allocated, schedules and
 * changes sessions (moving the process's timers with them), adds catch-up guests, and requests a
 * manager's training plan the moment their attendance is complete.
 */
@Service
@Transactional
public class Coaching {

  public record SessionInput(Instant startsAt, Integer minutes, String place) {}

  private final Sessions sessions;
  private final CoachingGroups groups;
  private final ProgrammeRepository programmes;
  private final TrainingPlanService plans;
  private final RuntimeService runtime;
  private final ManagementService management;
  private final HistoryService history;

  Coaching(Sessions sessions, CoachingGroups groups, ProgrammeRepository programmes, TrainingPlanService plans,
      @Lazy RuntimeService runtime, @Lazy ManagementService management, @Lazy HistoryService history, SessionTimes times) {
    this.times = times;
    this.history = history;
    this.sessions = sessions;
    this.groups = groups;
    this.programmes = programmes;
    this.plans = plans;
    this.runtime = runtime;
    this.management = management;
  }

  private final SessionTimes times;

  /** Allocates the groups and starts each group's process. */
  public List<CoachingGroups.Group> allocate(String programmeCode) {
    List<CoachingGroups.Group> allocated = groups.allocate(programmeCode);
    Programme programme = programmes.findProgrammeByCode(programmeCode).orElseThrow();
    for (CoachingGroups.Group group : allocated) {
      runtime.startProcessInstanceByKey(CoachingProcess.GROUP_KEY, CoachingProcess.businessKey(programmeCode, group.number()),
          Map.of(CoachingProcess.GROUP_ID.name(), group.id(), CoachingProcess.PROGRAMME_ID.name(), programme.id(),
              CoachingProcess.COACH_ID.name(), group.coachId()));
    }
    return allocated;
  }

  /** The group's sessions, all at once, in order; then the group's process sends the invitations. */
  public List<Sessions.Session> schedule(String programmeCode, int groupNumber, List<SessionInput> input) {
    Programme programme = programmes.findProgrammeByCode(programmeCode).orElseThrow(() ->
        new InvalidInputException("programmeCode", "no programme has the code '" + programmeCode + "'"));
    CoachingGroups.Group group = groups.group(programme.id(), groupNumber).orElseThrow(() -> new InvalidInputException("group", "there is no group " + groupNumber + " in " + programme.name()));
    if (!sessions.ofGroup(group.id()).isEmpty()) {
      throw new InvalidInputException("sessions", "group " + groupNumber + " has its sessions already: change one instead");
    }
    if (input == null || input.size() != programme.sessionCount()) {
      throw new InvalidInputException("sessions", "must list the programme's "
          + org.coachgrant.format.Formats.count(programme.sessionCount(), "session", "sessions") + " (was "
          + (input == null ? 0 : input.size()) + ")");
    }
    Instant previous = now();
    for (int i = 0; i < input.size(); i++) {
      SessionInput session = checked(input.get(i), "sessions[" + (i + 1) + "]", programme);
      if (!session.startsAt().isAfter(previous)) {
        throw new InvalidInputException("sessions[" + (i + 1) + "].startsAt", "must be after "
            + (i == 0 ? "now" : "session " + i) + " (was " + times.at(session.startsAt(), programme) + ")");
      }
      previous = session.startsAt();
      sessions.add(group.id(), i + 1, session.startsAt(), session.minutes(), session.place());
    }
    runtime.createMessageCorrelation(CoachingProcess.MESSAGE_SESSIONS_SCHEDULED)
        .processInstanceBusinessKey(CoachingProcess.businessKey(programmeCode, groupNumber)).correlate();
    return sessions.ofGroup(group.id());
  }

  /** A changed session: new date or place, its timers moved, its delegates sent an update. */
  public Sessions.Session change(long sessionId, SessionInput input) {
    Sessions.Session session = session(sessionId);
    Programme programme = programmes.findProgramme(session.programmeId()).orElseThrow();
    SessionInput changed = checked(input, "session", programme);
    if (!changed.startsAt().isAfter(now())) {
      throw new InvalidInputException("startsAt", "must be in the future (was " + times.at(changed.startsAt(), programme) + ")");
    }
    // the sessions build on each other: session n stays after session n - 1 and before session n + 1
    for (Sessions.Session other : sessions.ofGroup(session.groupId())) {
      if (other.number() == session.number() - 1 && !changed.startsAt().isAfter(other.endsAt())) {
        throw new InvalidInputException("startsAt", "must be after session " + other.number() + " ends ("
            + times.at(other.endsAt(), programme) + "; was " + times.at(changed.startsAt(), programme) + ")");
      }
      if (other.number() == session.number() + 1
          && !changed.startsAt().plusSeconds(changed.minutes() * 60L).isBefore(other.startsAt())) {
        throw new InvalidInputException("startsAt", "must end before session " + other.number() + " starts ("
            + times.at(other.startsAt(), programme) + "; was " + times.at(changed.startsAt(), programme) + ")");
      }
    }
    sessions.change(sessionId, changed.startsAt(), changed.minutes(), changed.place(), "SCHEDULED");
    Sessions.Session updated = session(sessionId);
    timers(updated, false);
    notice(updated, "session-updated");
    return updated;
  }

  /** A cancelled session: its timers paused until it is given a new date, its delegates told. */
  public Sessions.Session cancel(long sessionId) {
    if (!cancelIfStill(sessionId, cancellable(sessionId).revision())) {
      throw new InvalidInputException("session", "is cancelled already");
    }
    return session(sessionId);
  }

  /** The session, when it may still be cancelled: not cancelled already and not begun. */
  public Sessions.Session cancellable(long sessionId) {
    Sessions.Session session = session(sessionId);
    if ("CANCELLED".equals(session.status())) {
      throw new InvalidInputException("session", "is cancelled already");
    }
    if (!session.startsAt().isAfter(now())) {
      throw new InvalidInputException("session", "has already begun ("
          + times.at(session.startsAt(), programmes.findProgramme(session.programmeId()).orElseThrow())
          + "): record who came instead");
    }
    return session;
  }

  /**
   * Cancels the session only while it is as the coordinator checked it ({@code revisionWas}): a confirmation sent
   * twice, or a change made in between, cancels nothing and tells no one, so each delegate hears of it once.
   */
  public boolean cancelIfStill(long sessionId, int revisionWas) {
    cancellable(sessionId);
    if (!sessions.cancelIfStill(sessionId, revisionWas)) {
      return false;
    }
    Sessions.Session cancelled = session(sessionId);
    timers(cancelled, true);
    notice(cancelled, "session-cancelled");
    return true;
  }

  /**
   * A delegate who missed session n joins another group's session n of the same programme, still to come;
   * they are invited at once.
   */
  public void catchUp(long sessionId, String settingUrn) {
    Sessions.Session session = session(sessionId);
    Setting setting = programmes.findSettingByUrn(settingUrn).orElseThrow(() ->
        new InvalidInputException("settingUrn", "no setting has the URN '" + settingUrn + "'"));
    Programme programme = programmes.findProgramme(session.programmeId()).orElseThrow();
    Long ownGroup = groups.groupOf(programme.id(), setting.id());
    if (ownGroup == null || !programmes.isEnrolled(programme.id(), setting.id())) {
      throw new InvalidInputException("settingUrn", settingUrn + " is not a delegate of " + programme.name());
    }
    if (ownGroup == session.groupId()) {
      throw new InvalidInputException("settingUrn", settingUrn + " is in group " + session.groupNumber()
          + " already: a catch-up is in another group");
    }
    Sessions.Session own = sessions.find(ownGroup, session.number()).orElse(null);
    boolean ownIsOver = own != null && ("CANCELLED".equals(own.status()) || !own.endsAt().isAfter(now()));
    if (!ownIsOver || !sessions.missing(programme.id(), setting.id(), programme.sessionCount()).contains(session.number())) {
      throw new InvalidInputException("settingUrn", settingUrn + " has not missed session " + session.number());
    }
    if (!"SCHEDULED".equals(session.status()) || !session.startsAt().isAfter(now())) {
      throw new InvalidInputException("catchUpSession", "that session is not still to come");
    }
    sessions.addGuest(sessionId, setting.id());
    runtime.startProcessInstanceByKey(CoachingProcess.NOTICE_KEY, Map.of(CoachingProcess.SESSION_ID.name(), sessionId,
        "template", "session-invitation", "recipients", setting.managerUserId()));
  }

  /**
   * Moves a delegate to another group before the first session. Whoever was invited already is told:
   * the old group's session is cancelled for them and the new group's invitation sent; reminders follow
   * the membership, so they come from the new group only.
   */
  public void move(String programmeCode, String settingUrn, int toGroup) {
    CoachingGroups.Move move = groups.move(programmeCode, settingUrn, toGroup);
    for (long groupId : List.of(move.from().id(), move.to().id())) {
      boolean from = groupId == move.from().id();
      sessions.find(groupId, 1).filter(s -> "SCHEDULED".equals(s.status()) && invited(groupId)).ifPresent(s ->
          runtime.startProcessInstanceByKey(CoachingProcess.NOTICE_KEY, Map.of(CoachingProcess.SESSION_ID.name(), s.id(),
              "template", from ? "session-cancelled" : "session-invitation", "recipients", move.managerId())));
    }
  }

  /** Whether the group's process sent its first invitations (a move is allowed only before the first session). */
  private boolean invited(long groupId) {
    ProcessInstance group = runtime.createProcessInstanceQuery().processDefinitionKey(CoachingProcess.GROUP_KEY)
        .variableValueEquals(CoachingProcess.GROUP_ID.name(), groupId).singleResult();
    return group != null && history.createHistoricActivityInstanceQuery().processInstanceId(group.getId())
        .activityId(CoachingProcess.TASK_EMAIL_INVITATIONS).finished().count() > 0;
  }

  /** Requests the training plan of a manager whose attendance is complete, once. */
  void requestPlanIfComplete(long programmeId, long settingId) {
    Programme programme = programmes.findProgramme(programmeId).orElseThrow();
    if (!sessions.missing(programmeId, settingId, programme.sessionCount()).isEmpty()
        || plans.find(programmeId, settingId).isPresent() || !programmes.isEnrolled(programmeId, settingId)) {
      return;
    }
    runtime.startProcessInstanceByKey(TrainingPlanProcess.KEY, Map.of(
        TrainingPlanProcess.PROGRAMME_CODE.name(), programme.code(),
        TrainingPlanProcess.SETTING_URN.name(), programmes.findSetting(settingId).orElseThrow().urn()));
  }

  private void timers(Sessions.Session session, boolean pause) {
    ProcessInstance group = runtime.createProcessInstanceQuery().processDefinitionKey(CoachingProcess.GROUP_KEY)
        .variableValueEquals(CoachingProcess.GROUP_ID.name(), session.groupId()).singleResult();
    if (group == null) {
      return;
    }
    List<Job> jobs = new ArrayList<>();
    for (String timer : List.of(CoachingProcess.TIMER_DAY_BEFORE, CoachingProcess.TIMER_SESSION_OVER)) {
      for (Job job : management.createJobQuery().processInstanceId(group.getId()).activityId(timer).list()) {
        Object number = runtime.getVariable(job.getExecutionId(), CoachingProcess.SESSION_NUMBER.name());
        if (number != null && ((Number) number).intValue() == session.number()) {
          jobs.add(job);
          management.setJobDuedate(job.getId(), Date.from(timer.equals(CoachingProcess.TIMER_DAY_BEFORE)
              ? session.startsAt().minusSeconds(24 * 3600) : session.endsAt()));
        }
      }
    }
    jobs.forEach(job -> {
      if (pause) {
        management.suspendJobById(job.getId());
      } else {
        management.activateJobById(job.getId());
      }
    });
  }

  private void notice(Sessions.Session session, String template) {
    String recipients = String.join(",", sessions.expected(session.id()).stream().map(Sessions.Delegate::managerId).toList());
    if (!recipients.isEmpty()) {
      runtime.startProcessInstanceByKey(CoachingProcess.NOTICE_KEY, Map.of(CoachingProcess.SESSION_ID.name(), session.id(),
          "template", template, "recipients", recipients));
    }
  }

  private SessionInput checked(SessionInput input, String field, Programme programme) {
    if (input == null || input.startsAt() == null) {
      throw new InvalidInputException(field + ".startsAt", "is required");
    }
    int minutes = input.minutes() == null ? programme.sessionMinutes() : input.minutes();
    if (minutes < 15 || minutes > 480) {
      throw new InvalidInputException(field + ".minutes", "must be between 15 and 480 (was " + minutes + ")");
    }
    if (input.place() == null || input.place().isBlank()) {
      throw new InvalidInputException(field + ".place", "is required: a venue or an online link, at most 500 characters");
    }
    String place = Inputs.textValue(field + ".place", input.place(), 500);
    if (place.contains("\n") || place.contains("\r")) {
      throw new InvalidInputException(field + ".place", "must be one line: a venue or an online link");
    }
    // a session starts on the minute: seconds typed (or sent by a browser's time field) would show in no page but the calendar
    return new SessionInput(input.startsAt().truncatedTo(java.time.temporal.ChronoUnit.MINUTES), minutes, place);
  }

  private Sessions.Session session(long id) {
    return sessions.find(id).orElseThrow(() -> new InvalidInputException("session", "there is no session " + id));
  }

  private static Instant now() {
    return org.camunda.bpm.engine.impl.util.ClockUtil.getCurrentTime().toInstant();
  }
}
