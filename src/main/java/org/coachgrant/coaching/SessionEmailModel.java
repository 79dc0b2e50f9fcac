package org.coachgrant.coaching;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.coachgrant.notification.Attachment;
import org.coachgrant.notification.EmailModelContributor;
import org.coachgrant.programme.Programme;
import org.coachgrant.programme.ProgrammeRepository;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * {@code $session}, {@code $group}, {@code $coach} and {@code $programme} for the session emails, and the
 * calendar invitation, update or cancellation ({@code .ics}) they carry.
 */
@Component
class SessionEmailModel implements EmailModelContributor {

  private static final List<String> WITH_CALENDAR = List.of("session-invitation", "session-updated", "session-cancelled");

  private final Sessions sessions;
  private final ProgrammeRepository programmes;
  private final IdentityService identity;
  private final SessionTimes times;
  private final String organiser;

  SessionEmailModel(Sessions sessions, ProgrammeRepository programmes, IdentityService identity, SessionTimes times,
      @Value("${coachgrant.mail.from}") String from) {
    this.sessions = sessions;
    this.programmes = programmes;
    this.identity = identity;
    this.times = times;
    this.organiser = from.replaceAll(".*<([^>]+)>.*", "$1");
  }

  @Override
  public Set<String> provides(String processKey) {
    return Set.of(CoachingProcess.GROUP_KEY, CoachingProcess.NOTICE_KEY, CoachingProcess.FEEDBACK_KEY).contains(processKey)
        ? Set.of("session", "group", "coach", "programme", "attachments") : Set.of();
  }

  @Override
  public void contribute(DelegateExecution execution, Map<String, Object> model) {
    Sessions.Session session = session(execution);
    if (session == null) {
      return;
    }
    Programme programme = programmes.findProgramme(session.programmeId()).orElseThrow();
    User coach = identity.createUserQuery().userId(session.coachId()).singleResult();
    String title = title(session, programme.sessionCount());
    model.put("session", Map.of("title", title, "number", session.number(), "count", programme.sessionCount(),
        "when", times.when(session), "day", times.day(session, ClockUtil.getCurrentTime().toInstant()),
        "minutes", session.minutes(), "place", session.place()));
    model.put("group", Map.of("number", session.groupNumber()));
    model.put("coach", Map.of("name", coach == null ? session.coachId() : (coach.getFirstName() + " " + coach.getLastName()).strip()));
    model.putIfAbsent("programme", Map.of("name", programme.name(), "code", programme.code()));
    if (WITH_CALENDAR.contains(model.get("template"))) {
      SessionCalendar.Method method = "session-cancelled".equals(model.get("template"))
          ? SessionCalendar.Method.CANCEL : SessionCalendar.Method.REQUEST;
      String ics = SessionCalendar.ics(new SessionCalendar.Session("session-" + session.id() + "@coachgrant", title,
              programme.name() + ", group " + session.groupNumber(), session.startsAt(), session.minutes(), session.place(),
              session.revision(), organiser, null), method, ClockUtil.getCurrentTime().toInstant());
      model.put("attachments", List.of(new Attachment("session-" + session.number() + ".ics",
          "text/calendar; charset=UTF-8; method=" + method, ics)));
    }
  }

  private Sessions.Session session(DelegateExecution execution) {
    return sessions.of(CoachingProcess.SESSION_ID.get(execution), CoachingProcess.GROUP_ID.get(execution),
        CoachingProcess.SESSION_NUMBER.get(execution)).orElse(null);
  }

  static String title(Sessions.Session session, int count) {
    return "Coaching session " + session.number() + " of " + count + ", group " + session.groupNumber();
  }

}
