package org.coachgrant.coaching;

import org.coachgrant.system.ModelBean;
import java.util.Date;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.coachgrant.programme.ProgrammeRepository;

/** What the {@code coachingGroup} process asks of its sessions: which, who, and when (the stored dates). */
@ModelBean("coachingSessions")
public class CoachingSessions {

  private final Sessions sessions;
  private final ProgrammeRepository programmes;

  CoachingSessions(Sessions sessions, ProgrammeRepository programmes) {
    this.sessions = sessions;
    this.programmes = programmes;
  }

  public List<Integer> numbers(DelegateExecution execution) {
    int count = programmes.findProgramme(CoachingProcess.PROGRAMME_ID.require(execution)).orElseThrow().sessionCount();
    return IntStream.rangeClosed(1, count).boxed().toList();
  }

  /** The managers expected at the current session, as the {@code to} of a send task. */
  public String delegates(DelegateExecution execution) {
    return sessions.expected(current(execution).id()).stream().map(Sessions.Delegate::managerId)
        .collect(Collectors.joining(","));
  }

  public Date dayBefore(DelegateExecution execution) {
    return Date.from(current(execution).startsAt().minusSeconds(24 * 3600));
  }

  public Date over(DelegateExecution execution) {
    return Date.from(current(execution).endsAt());
  }

  Sessions.Session current(DelegateExecution execution) {
    long groupId = CoachingProcess.GROUP_ID.require(execution);
    int number = CoachingProcess.SESSION_NUMBER.require(execution);
    return sessions.find(groupId, number).orElseThrow(() ->
        new IllegalStateException("Group " + groupId + " has no session " + number));
  }
}
