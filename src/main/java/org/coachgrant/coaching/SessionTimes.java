package org.coachgrant.coaching;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.coachgrant.programme.Programme;
import org.coachgrant.programme.ProgrammeRepository;
import org.coachgrant.format.WebFormat;
import org.springframework.stereotype.Component;

/**
 * A session's time as its delegates read it: in the programme's time zone (else {@code coachgrant.time-zone}),
 * never the server's, and naming the zone, because "13:30" an hour off is a missed session.
 */
@Component
public class SessionTimes {

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM", Locale.UK);

  private final ProgrammeRepository programmes;
  private final WebFormat fmt;

  SessionTimes(ProgrammeRepository programmes, WebFormat fmt) {
    this.programmes = programmes;
    this.fmt = fmt;
  }

  ZoneId zone(Programme programme) {
    return fmt.zone(programme.timeZone());
  }

  /** "Wednesday 2 June 2027, 13:30 BST". */
  public String when(Sessions.Session session) {
    return at(session.startsAt(), programme(session));
  }

  /** A moment as people read it, in the programme's zone: "Wednesday 2 June 2027, 13:30 BST". */
  public String at(Instant instant, Programme programme) {
    return fmt.dayTime(instant, programme.timeZone());
  }

  /** "today", "tomorrow" or "on Friday 4 June", reckoned in the programme's zone as of {@code now}. */
  String day(Sessions.Session session, Instant now) {
    ZoneId zone = zone(programme(session));
    LocalDate date = session.startsAt().atZone(zone).toLocalDate();
    long days = ChronoUnit.DAYS.between(now.atZone(zone).toLocalDate(), date);
    return days == 0 ? "today" : days == 1 ? "tomorrow" : "on " + DAY.format(date);
  }

  private Programme programme(Sessions.Session session) {
    return programmes.findProgramme(session.programmeId()).orElseThrow();
  }
}
