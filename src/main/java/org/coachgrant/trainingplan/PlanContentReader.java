package org.coachgrant.trainingplan;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.regex.Pattern;
import java.util.regex.Matcher;
import java.util.Locale;
import java.time.format.TextStyle;
import java.time.Month;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.coachgrant.format.Formats;
import org.coachgrant.forms.Inputs;
import org.coachgrant.forms.Json;
import org.coachgrant.forms.InvalidInputException;

/** Reads a submitted plan and checks every rule: required fields, limits, the cap, the total. */
final class PlanContentReader {

  static final int MAX_ACTIONS = 20;
  /**
   * A written answer of the plan (several paragraphs): longer is refused, naming the field, never cut. The
   * engine holds a submitted text in a variable of at most 4,000 characters (its TEXT_ columns), so not more.
   */
  static final int MAX_ANSWER = Inputs.LONG_TEXT;
  private static final Set<String> ACTION_FIELDS = Set.of("course", "provider", "staffCount", "costEach", "plannedMonth",
      "servesGoal");
  private static final int LATEST_YEARS_AHEAD = 3;

  private PlanContentReader() {}

  /** A plan without coaching goals: an action may name none. */
  static PlanContent read(Inputs inputs, BigDecimal cap, YearMonth thisMonth) {
    return read(inputs, cap, thisMonth, Set.of());
  }

  /** {@code goals}: the positions of the manager's coaching goals, the only ones an action may name. */
  static PlanContent read(Inputs inputs, BigDecimal cap, YearMonth thisMonth, Set<Integer> goals) {
    String needs = inputs.text("identifiedNeeds", MAX_ANSWER);
    List<TrainingAction> actions = actions(inputs.json("actions"), cap, thisMonth, goals);
    BigDecimal total = inputs.money("totalRequested", BigDecimal.valueOf(Long.MAX_VALUE));
    if (total.compareTo(cap) > 0) {
      throw new InvalidInputException("totalRequested", "must not exceed the programme's grant cap per setting of "
          + Formats.money(cap) + " (was " + Formats.money(total) + ")");
    }
    PlanContent content = new PlanContent(needs, actions, total,
        inputs.text("expectedOutcomes", MAX_ANSWER), inputs.text("cascadingPlan", MAX_ANSWER));
    if (content.sumOfActions().compareTo(total) != 0) {
      throw new InvalidInputException("totalRequested", "must equal the sum of the training actions, "
          + Formats.money(content.sumOfActions()) + " (was " + Formats.money(total) + ")");
    }
    return content;
  }

  private static List<TrainingAction> actions(JsonNode list, BigDecimal cap, YearMonth thisMonth, Set<Integer> goals) {
    if (list == null || list.isNull() || list.isArray() && list.isEmpty()) {
      throw new InvalidInputException("actions", "at least one training action is required");
    }
    if (!list.isArray()) {
      throw new InvalidInputException("actions", "must be a list of training actions");
    }
    if (list.size() > MAX_ACTIONS) {
      throw new InvalidInputException("actions", "must have at most " + MAX_ACTIONS + " training actions (was " + list.size() + ")");
    }
    List<TrainingAction> actions = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode item = list.get(i);
      String at = "actions[" + (i + 1) + "]";
      if (!item.isObject()) {
        throw new InvalidInputException(at,
            "must be a training action with course, provider, staffCount, costEach and plannedMonth");
      }
      for (Iterator<String> names = item.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!ACTION_FIELDS.contains(name)) {
          throw new InvalidInputException(at + "." + name, "is not a field of a training action");
        }
      }
      Inputs fields = new Inputs(Json.map(item));
      actions.add(new TrainingAction(
          fieldText(fields, at, "course"),
          fieldText(fields, at, "provider"),
          Inputs.wholeNumber(at + ".staffCount", plain(item.get("staffCount")), 1, 500),
          Inputs.money(at + ".costEach", plain(item.get("costEach")), cap),
          plannedMonth(fields, at, thisMonth),
          servesGoal(item.get("servesGoal"), at, goals)));
    }
    return actions;
  }

  /** The month the training is planned for, like 2027-03: from this month up to three years ahead. */
  private static YearMonth plannedMonth(Inputs fields, String at, YearMonth thisMonth) {
    String text = fieldText(fields, at, "plannedMonth");
    YearMonth month = month(text);
    if (month == null) {
      throw new InvalidInputException(at + ".plannedMonth", "must be a month, like 2027-04 or April 2027 (was '" + text + "')");
    }
    if (month.isBefore(thisMonth) || month.isAfter(thisMonth.plusYears(LATEST_YEARS_AHEAD))) {
      throw new InvalidInputException(at + ".plannedMonth", "must be between " + thisMonth + " and "
          + thisMonth.plusYears(LATEST_YEARS_AHEAD) + " (was " + month + ")");
    }
    return month;
  }

  /** Optional: the number of one of the manager's coaching goals ("2", or "Goal 2"). */
  private static Integer servesGoal(JsonNode node, String at, Set<Integer> goals) {
    Object value = plain(node);
    if (value == null || value instanceof String s && s.isBlank()) {
      return null;
    }
    String field = at + ".servesGoal";
    String text = value.toString().strip().replaceFirst("(?i)^goal\\s*", "");
    String which = goals.isEmpty() ? "none: you have no coaching goals"
        : goals.stream().sorted().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "));
    int number;
    try {
      number = Inputs.wholeNumber(field, text, 1, 3);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(field, "must be the number of one of your coaching goals (" + which + "; was '"
          + (text.length() > 20 ? text.substring(0, 20) + "…" : text) + "')");
    }
    if (!goals.contains(number)) {
      throw new InvalidInputException(field, "must be the number of one of your coaching goals (" + which + "; was " + number + ")");
    }
    return number;
  }

  private static final Pattern NUMBERS = Pattern.compile("(\\d{4})-(\\d{1,2})|(\\d{1,2})/(\\d{4})");
  private static final Pattern WORDS = Pattern.compile("([A-Za-z]{3,9})\\.? +(\\d{4})");

  /**
   * A month as people write it: 2027-04, 2027-4, 04/2027, April 2027, Apr 2027 (any case); null for anything else,
   * a month that does not exist included.
   */
  static YearMonth month(String text) {
    String plain = text.strip();
    Matcher numbers = NUMBERS.matcher(plain);
    Matcher words = WORDS.matcher(plain);
    try {
      if (numbers.matches()) {
        return numbers.group(1) != null ? YearMonth.of(Integer.parseInt(numbers.group(1)), Integer.parseInt(numbers.group(2)))
            : YearMonth.of(Integer.parseInt(numbers.group(4)), Integer.parseInt(numbers.group(3)));
      }
      if (words.matches()) {
        String name = words.group(1).toLowerCase(Locale.ROOT);
        for (Month candidate : Month.values()) {
          String full = candidate.getDisplayName(TextStyle.FULL, Locale.UK).toLowerCase(Locale.ROOT);
          if (full.equals(name) || name.length() == 3 && full.startsWith(name) || name.equals("sept") && candidate == Month.SEPTEMBER) {
            return YearMonth.of(Integer.parseInt(words.group(2)), candidate);
          }
        }
      }
    } catch (java.time.DateTimeException e) {
      return null;
    }
    return null;
  }

  private static String fieldText(Inputs fields, String at, String name) {
    try {
      return fields.text(name, Inputs.SHORT_TEXT);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(at + "." + name, e.getMessage().substring(e.getField().length() + 2));
    }
  }

  private static Object plain(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    return node.isNumber() ? node.decimalValue() : node.isTextual() ? node.textValue() : node.toString();
  }

}
