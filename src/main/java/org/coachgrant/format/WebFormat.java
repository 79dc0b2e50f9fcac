package org.coachgrant.format;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * en-GB as people in the programmes write it: "2 June 2027", "£1,500.00", and times in the programme's zone,
 * naming it ("13:30 BST"), never the server's: a server in UTC must not put a summer session an hour out.
 * A programme that names no zone uses {@code coachgrant.time-zone}. Views call it as {@code ${@fmt.money(x)}},
 * and pass a programme's {@code timeZone()} where the time belongs to one.
 */
@Component("fmt")
public class WebFormat {

  public static final Locale EN_GB = Locale.UK;
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", EN_GB);
  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm zzz", EN_GB);
  private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm zzz", EN_GB);

  private final ZoneId defaultZone;

  public WebFormat(@Value("${coachgrant.time-zone:Europe/London}") String defaultZone) {
    this.defaultZone = ZoneId.of(defaultZone);
  }

  /** The application's zone, {@code coachgrant.time-zone}: for times that belong to no one programme. */
  public ZoneId zone() {
    return defaultZone;
  }

  /** A programme's zone: the one it names ({@code Programme.timeZone()}), else the application's. */
  public ZoneId zone(String programmeZone) {
    return programmeZone == null || programmeZone.isBlank() ? defaultZone : ZoneId.of(programmeZone);
  }

  /** The day of {@code at} in the application's zone (a task's due date, say). */
  public LocalDate day(java.util.Date at) {
    return at.toInstant().atZone(defaultZone).toLocalDate();
  }

  /** Today in the application's zone, by the engine's clock (which tests move). */
  public LocalDate today() {
    return org.camunda.bpm.engine.impl.util.ClockUtil.getCurrentTime().toInstant().atZone(defaultZone).toLocalDate();
  }

  public String money(BigDecimal amount) {
    if (amount == null) {
      return "";
    }
    NumberFormat pounds = NumberFormat.getCurrencyInstance(EN_GB);
    pounds.setMinimumFractionDigits(2);
    pounds.setMaximumFractionDigits(2);
    return pounds.format(amount);
  }

  public String date(Object value) {
    return date(value, null);
  }

  /** The day, in the programme's zone: "2 June 2027". */
  public String date(Object value, String programmeZone) {
    TemporalAccessor at = at(value, zone(programmeZone));
    return at == null ? "" : DATE.format(at);
  }

  public String dateTime(Object value) {
    return dateTime(value, null);
  }

  /** "2 June 2027, 13:30 BST", in the programme's zone. */
  public String dateTime(Object value, String programmeZone) {
    TemporalAccessor at = at(value, zone(programmeZone));
    return at == null ? "" : (at instanceof LocalDate ? DATE : DATE_TIME).format(at);
  }

  /** "Wednesday 2 June 2027, 13:30 BST", in the programme's zone. */
  public String dayTime(Object value, String programmeZone) {
    TemporalAccessor at = at(value, zone(programmeZone));
    return at == null ? "" : (at instanceof LocalDate ? DATE : DAY_TIME).format(at);
  }

  /** "March 2027". */
  public String month(java.time.YearMonth month) {
    return Formats.month(month);
  }

  /** "4,000". */
  public String number(long value) {
    return Formats.number(value);
  }

  /** "1 group", "2 groups". */
  public String count(long n, String one, String many) {
    return Formats.count(n, one, many);
  }

  /** "51 h", "51.5 h", "1,234.5 h". */
  public String hours(long minutes) {
    return Formats.hours(minutes);
  }

  private static TemporalAccessor at(Object value, ZoneId zone) {
    if (value instanceof Timestamp t) {
      return t.toInstant().atZone(zone);
    }
    if (value instanceof Instant i) {
      return i.atZone(zone);
    }
    if (value instanceof java.util.Date d) {
      return d.toInstant().atZone(zone);
    }
    if (value instanceof LocalDate d) {
      return d;
    }
    return null;
  }
}
