package org.coachgrant.time;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.camunda.bpm.engine.impl.util.ClockUtil;

/**
 * The arithmetic of a due date that people are reminded of: overdue when the day after it begins;
 * reminders some days before, at nine; a reminder whose time has passed is put after the due date,
 * where the overdue timer cancels it; and work sent back for revision near or after the due date still
 * gets {@code revisionDays} to be done. Times follow the engine's clock, so tests move it.
 */
public record DueDates(ZoneId zone, int firstReminderDays, int lastReminderDays, int revisionDays) {

  /** The moment a due date is overdue: the start of the next day. */
  public Date overdueAt(LocalDate due) {
    return Date.from(due.plusDays(1).atStartOfDay(zone).toInstant());
  }

  /** When it is overdue now: as planned, or, for a revision, no sooner than {@code revisionDays} from today. */
  public Instant overdue(Instant planned, boolean revision) {
    Instant earliest = today().plusDays(revisionDays + 1L).atStartOfDay(zone).toInstant();
    return revision && planned.isBefore(earliest) ? earliest : planned;
  }

  public Date firstReminder(Instant overdueAt) {
    return reminder(overdueAt, firstReminderDays);
  }

  public Date lastReminder(Instant overdueAt) {
    return reminder(overdueAt, lastReminderDays);
  }

  private Date reminder(Instant overdueAt, int daysBefore) {
    Instant at = overdueAt.minus(daysBefore + 1L, ChronoUnit.DAYS).atZone(zone).toLocalDate().atTime(9, 0)
        .atZone(zone).toInstant();
    return Date.from(at.isAfter(ClockUtil.getCurrentTime().toInstant()) ? at : overdueAt.plus(1, ChronoUnit.DAYS));
  }

  /** The day {@code days} working days (Monday to Friday) after {@code from}. */
  public static LocalDate workingDaysAfter(LocalDate from, int days) {
    LocalDate day = from;
    for (int left = days; left > 0; ) {
      day = day.plusDays(1);
      if (isWorkingDay(day)) {
        left--;
      }
    }
    return day;
  }

  /** Monday to Friday. */
  public static boolean isWorkingDay(LocalDate day) {
    return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
  }

  /** When a task due on {@code day} is due: the last minute of that day. */
  public Date dueOn(LocalDate day) {
    return Date.from(overdueAt(day).toInstant().minus(1, ChronoUnit.MINUTES));
  }

  public LocalDate today() {
    return ClockUtil.getCurrentTime().toInstant().atZone(zone).toLocalDate();
  }
}
