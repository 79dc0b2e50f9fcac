package org.coachgrant.format;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How money and dates read in emails and forms: "£1,250.00", "14 October 2026", "March 2027". */
public final class Formats {

  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.UK);
  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.UK);

  private Formats() {}

  public static String money(BigDecimal amount) {
    return amount == null ? "" : NumberFormat.getCurrencyInstance(Locale.UK).format(amount);
  }

  public static String date(LocalDate date) {
    return date == null ? "" : DATE.format(date);
  }

  /** "Friday 11 June 2027": a day someone has to keep in mind. */
  public static String day(LocalDate date) {
    return date == null ? "" : DAY.format(date);
  }

  /** "March 2027". */
  public static String month(YearMonth month) {
    return month == null ? "" : MONTH.format(month);
  }
}
