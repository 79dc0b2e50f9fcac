package org.coachgrant.trainingplan;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.coachgrant.system.Formats;
import org.coachgrant.system.Inputs;
import org.coachgrant.system.Json;
import org.coachgrant.system.InvalidInputException;

/** Reads a submitted plan and checks every rule: required fields, limits, the cap, the total. */
final class PlanContentReader {

  static final int MAX_ACTIONS = 20;
  private static final Set<String> ACTION_FIELDS = Set.of("course", "provider", "staffCount", "costEach");

  private PlanContentReader() {}

  static PlanContent read(Inputs inputs, BigDecimal cap) {
    String needs = inputs.text("identifiedNeeds", Inputs.LONG_TEXT);
    List<TrainingAction> actions = actions(inputs.json("actions"), cap);
    BigDecimal total = inputs.money("totalRequested", BigDecimal.valueOf(Long.MAX_VALUE));
    if (total.compareTo(cap) > 0) {
      throw new InvalidInputException("totalRequested", "must not exceed the programme's grant cap per setting of "
          + Formats.money(cap) + " (was " + Formats.money(total) + ")");
    }
    PlanContent content = new PlanContent(needs, actions, total,
        inputs.text("expectedOutcomes", Inputs.LONG_TEXT), inputs.text("cascadingPlan", Inputs.LONG_TEXT));
    if (content.sumOfActions().compareTo(total) != 0) {
      throw new InvalidInputException("totalRequested", "must equal the sum of the training actions, "
          + Formats.money(content.sumOfActions()) + " (was " + Formats.money(total) + ")");
    }
    return content;
  }

  private static List<TrainingAction> actions(JsonNode list, BigDecimal cap) {
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
        throw new InvalidInputException(at, "must be a training action with course, provider, staffCount and costEach");
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
          Inputs.money(at + ".costEach", plain(item.get("costEach")), cap)));
    }
    return actions;
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
