package org.coachgrant.system;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * en-GB as people in the programmes write it: "2 June 2027", "£1,500.00", times in the programme's zone
 * (the application's, as in the emails). Views call it as {@code ${@fmt.money(x)}}.
 */
@Component("fmt")
public class WebFormat {

  public static final Locale EN_GB = Locale.UK;
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", EN_GB);
  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm", EN_GB);
  private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm", EN_GB);

  public ZoneId zone() {
    return ZoneId.systemDefault();
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
    TemporalAccessor at = at(value);
    return at == null ? "" : DATE.format(at);
  }

  public String dateTime(Object value) {
    TemporalAccessor at = at(value);
    return at == null ? "" : (at instanceof LocalDate ? DATE : DATE_TIME).format(at);
  }

  public String dayTime(Object value) {
    TemporalAccessor at = at(value);
    return at == null ? "" : (at instanceof LocalDate ? DATE : DAY_TIME).format(at);
  }

  /** "March 2027". */
  public String month(java.time.YearMonth month) {
    return Formats.month(month);
  }

  public String number(long value) {
    return NumberFormat.getIntegerInstance(EN_GB).format(value);
  }

  private TemporalAccessor at(Object value) {
    if (value instanceof Timestamp t) {
      return t.toInstant().atZone(zone());
    }
    if (value instanceof Instant i) {
      return i.atZone(zone());
    }
    if (value instanceof java.util.Date d) {
      return d.toInstant().atZone(zone());
    }
    if (value instanceof LocalDate d) {
      return d;
    }
    return null;
  }
}
