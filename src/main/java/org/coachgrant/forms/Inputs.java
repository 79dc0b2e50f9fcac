package org.coachgrant.forms;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * Reads submitted values strictly: the right type, within limits, no fields the form does not have.
 * Every refusal is an {@link InvalidInputException} naming the field and the rule.
 */
public final class Inputs {

  public static final int SHORT_TEXT = 200;
  public static final int LONG_TEXT = 4000;
  /** The shortest comment the forms take where one is required (their {@code minLength}). */
  public static final int COMMENT_MIN = 10;

  private final Map<String, Object> values;
  private final ZoneId zone;

  /** A JSON body's values: its dates are text ("2027-06-30"), so no zone is needed to read them. */
  public Inputs(Map<String, Object> values) {
    this(values, java.time.ZoneOffset.UTC);
  }

  /** Values that may hold a {@code Date} (a REST client's Date variable): its day is read in {@code zone}. */
  public Inputs(Map<String, Object> values, ZoneId zone) {
    this.values = values;
    this.zone = zone;
  }

  /** The values a task or execution sees, the task's own first. */
  public static Inputs of(VariableScope scope) {
    return new Inputs(scope.getVariables());
  }

  public Object value(String field) {
    return values.get(field);
  }

  /** A JSON value (a list or object a form submits, as Json, text or Java collections); null if absent. */
  public com.fasterxml.jackson.databind.JsonNode json(String field) {
    Object value = values.get(field);
    if (value == null) {
      return null;
    }
    try {
      return Json.tree(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new InvalidInputException(field, "must be JSON");
    }
  }

  public boolean has(String field) {
    return !blank(values.get(field));
  }

  /**
   * Nothing a reader would see: no value, or text of spaces of any kind (a no-break space, an ideographic space)
   * and invisible characters (a zero-width space) alone, which would pass for a comment and say nothing.
   */
  private static boolean blank(Object value) {
    return value == null || value instanceof String s && s.codePoints().allMatch(c -> Character.isWhitespace(c)
        || Character.isSpaceChar(c) || Character.isISOControl(c) || Character.getType(c) == Character.FORMAT);
  }

  public String text(String field, int maxLength) {
    if (blank(values.get(field))) {
      throw new InvalidInputException(field, "is required");
    }
    return textValue(field, values.get(field), maxLength);
  }

  /** Required text of at least {@code minLength} characters, as the form asks: a comment that tells the manager something. */
  public String text(String field, int minLength, int maxLength) {
    String text = text(field, maxLength);
    if (text.length() < minLength) {
      throw new InvalidInputException(field, "must be at least " + minLength + " characters (was " + text.length() + ")");
    }
    return text;
  }

  public String optionalText(String field, int maxLength) {
    return has(field) ? textValue(field, values.get(field), maxLength) : null;
  }

  public String choice(String field, Set<String> allowed) {
    String value = text(field, SHORT_TEXT);
    if (!allowed.contains(value)) {
      throw new InvalidInputException(field, "must be one of " + String.join(", ", allowed.stream().sorted().toList())
          + " (was '" + value + "')");
    }
    return value;
  }

  public BigDecimal money(String field, BigDecimal max) {
    return money(field, values.get(field), max);
  }

  public LocalDate date(String field) {
    Object value = values.get(field);
    if (blank(value)) {
      throw new InvalidInputException(field, "is required");
    }
    if (value instanceof Date date) {
      return date.toInstant().atZone(zone).toLocalDate();
    }
    if (value instanceof String s) {
      try {
        return LocalDate.parse(s.length() > 10 ? s.substring(0, 10) : s);
      } catch (DateTimeParseException e) {
        throw new InvalidInputException(field, "must be a date like 2026-10-31 (was '" + s + "')");
      }
    }
    throw new InvalidInputException(field, "must be a date");
  }

  public static String textValue(String field, Object value, int maxLength) {
    if (!(value instanceof String s)) {
      throw new InvalidInputException(field, "must be text");
    }
    String trimmed = s.strip();
    if (trimmed.length() > maxLength) {
      throw new InvalidInputException(field, "must be at most " + maxLength + " characters (was " + trimmed.length() + ")");
    }
    if (HIDDEN_CHARACTERS.matcher(trimmed).find()) {
      throw new InvalidInputException(field, "must not contain control or text-direction characters");
    }
    return trimmed;
  }

  /**
   * Characters nobody types into a form: control characters other than tab and line breaks (a NUL
   * breaks PostgreSQL and hides text), and the Unicode direction overrides that make text read
   * differently from what is stored.
   */
  private static final java.util.regex.Pattern HIDDEN_CHARACTERS =
      java.util.regex.Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F\\u202A-\\u202E\\u2066-\\u2069]");

  /** Pounds and pence, as a number or as a person types them in a text field: "120.50", "£1,060". */
  public static BigDecimal money(String field, Object value, BigDecimal max) {
    if (value instanceof String text && POUNDS.matcher(text.strip()).matches()) {
      value = text.strip().replaceFirst("^£\\s*", "").replace(",", "");
    }
    BigDecimal amount = number(field, value, "a number");
    if (amount.signum() < 0) {
      throw new InvalidInputException(field, "must not be negative (was " + amount.toPlainString() + ")");
    }
    if (amount.scale() > 2 && amount.stripTrailingZeros().scale() > 2) {
      throw new InvalidInputException(field, "must have at most two decimal places (was " + amount.toPlainString() + ")");
    }
    if (amount.compareTo(max) > 0) {
      throw new InvalidInputException(field, "must be at most " + max.toPlainString() + " (was " + amount.toPlainString() + ")");
    }
    return amount.setScale(2, java.math.RoundingMode.UNNECESSARY);
  }

  /** "£1,060.50", "1060": a pound sign and thousands commas are taken away before the number is read. */
  private static final java.util.regex.Pattern POUNDS =
      java.util.regex.Pattern.compile("£?\\s*(\\d{1,3}(,\\d{3})+|\\d+)(\\.\\d+)?");

  public static int wholeNumber(String field, Object value, int min, int max) {
    BigDecimal number = number(field, value, "a whole number");
    if (number.stripTrailingZeros().scale() > 0) {
      throw new InvalidInputException(field, "must be a whole number (was '" + value + "')");
    }
    if (number.compareTo(BigDecimal.valueOf(min)) < 0 || number.compareTo(BigDecimal.valueOf(max)) > 0) {
      throw new InvalidInputException(field, "must be between " + min + " and " + max + " (was " + number.toPlainString() + ")");
    }
    return number.intValueExact();
  }

  private static BigDecimal number(String field, Object value, String what) {
    if (blank(value)) {
      throw new InvalidInputException(field, "is required");
    }
    String text = value instanceof Number || value instanceof String ? value.toString().strip() : null;
    String shown = text == null || text.length() <= 20 ? String.valueOf(value) : text.substring(0, 20) + "…";
    try {
      if (text != null && text.length() <= 50) {
        BigDecimal number = new BigDecimal(text);
        // 1e10000000 is a short text but ten million digits when written out (in a message, or a column)
        if (number.precision() - number.scale() > 15 || number.scale() > 15) {
          throw new InvalidInputException(field, "must be " + what + " of at most 15 digits before and after the"
              + " decimal point (was '" + shown + "')");
        }
        return number;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new InvalidInputException(field, "must be " + what + " (was '" + shown + "')");
  }

  /**
   * The value {@code rule} reads, or null with its refusal added to {@code problems}: so that a form shows every
   * problem beside its field, not the first alone.
   */
  public static <T> T check(java.util.List<InvalidInputException> problems, java.util.function.Supplier<T> rule) {
    try {
      return rule.get();
    } catch (InvalidInputException e) {
      problems.add(e);
      return null;
    }
  }
}
