package org.coachgrant.format;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How money, dates, counts and hours read in emails, forms and pages: "£1,250.00", "14 October 2026", "March 2027",
 * "1 group", "4,000", "51.5 h". Spreadsheets (CSV) get plain figures instead, without thousands separators.
 */
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

  /** A whole number as en-GB writes it: "4,000". */
  public static String number(long value) {
    return NumberFormat.getIntegerInstance(Locale.UK).format(value);
  }

  /** A count and its noun, singular for one: "1 group", "2 groups", "4,000 settings". */
  public static String count(long n, String one, String many) {
    return number(n) + " " + (n == 1 ? one : many);
  }

  /** Minutes as hours to the nearest tenth, as a person reads them: "51 h", "51.5 h", "1,234.5 h". */
  public static String hours(long minutes) {
    NumberFormat hours = NumberFormat.getNumberInstance(Locale.UK);
    hours.setMinimumFractionDigits(0);
    hours.setMaximumFractionDigits(1);
    return hours.format(BigDecimal.valueOf(minutes).divide(BigDecimal.valueOf(60), 1, java.math.RoundingMode.HALF_UP)) + " h";
  }

  /** "March 2027". */
  public static String month(YearMonth month) {
    return month == null ? "" : MONTH.format(month);
  }
}
