package org.coachgrant.grant;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.coachgrant.grant.ImpactContent.ActionOutcome;
import org.coachgrant.forms.Inputs;
import org.coachgrant.forms.InvalidInputException;
import org.coachgrant.trainingplan.TrainingAction;

/**
 * Reads a submitted impact report against the approved plan and checks every rule: one outcome per approved
 * action, required answers, costs not negative, no more staff trained than the action funded.
 */
final class ImpactReportReader {

  static final BigDecimal LARGEST_COST = new BigDecimal("1000000");
  static final int MOST_COLLEAGUES = 1000;
  /** Shown on each row from the approved plan, so Tasklist sends them back; ignored. */
  private static final Set<String> SHOWN = Set.of("course", "provider", "staffCount", "plannedMonth");
  private static final Set<String> ACTION_FIELDS = Set.of("tookPlace", "staffTrained", "actualCost");

  private ImpactReportReader() {}

  static ImpactContent read(Inputs inputs, List<TrainingAction> approved) {
    List<ActionOutcome> actions = actions(inputs.json("impactActions"), approved);
    return new ImpactContent(actions,
        inputs.text("changesForChildren", Inputs.LONG_TEXT),
        inputs.text("changesInPractice", Inputs.LONG_TEXT),
        Inputs.wholeNumber("colleaguesReached", inputs.value("colleaguesReached"), 0, MOST_COLLEAGUES),
        inputs.text("cascadeHow", Inputs.LONG_TEXT),
        inputs.text("cascadeWhen", Inputs.LONG_TEXT));
  }

  private static List<ActionOutcome> actions(JsonNode list, List<TrainingAction> approved) {
    if (list == null || list.isNull()) {
      throw new InvalidInputException("impactActions", "is required: what became of each approved training action");
    }
    if (!list.isArray() || list.size() != approved.size()) {
      throw new InvalidInputException("impactActions", "must have one entry for each of the " + approved.size()
          + " approved training actions, in the plan's order (was " + (list.isArray() ? list.size() : "not a list") + ")");
    }
    List<ActionOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < approved.size(); i++) {
      TrainingAction action = approved.get(i);
      JsonNode item = list.get(i);
      String at = "impactActions[" + (i + 1) + "]";
      if (!item.isObject()) {
        throw new InvalidInputException(at, "must say whether the training took place, the staff trained and its actual cost");
      }
      for (Iterator<String> names = item.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!ACTION_FIELDS.contains(name) && !SHOWN.contains(name)) {
          throw new InvalidInputException(at + "." + name, "is not a field of a training action's outcome");
        }
      }
      JsonNode tookPlaceNode = item.get("tookPlace");
      if (tookPlaceNode == null || tookPlaceNode.isNull()) {
        throw new InvalidInputException(at + ".tookPlace", "is required");
      }
      if (!tookPlaceNode.isBoolean()) {
        throw new InvalidInputException(at + ".tookPlace", "must be true or false (was " + tookPlaceNode + ")");
      }
      boolean tookPlace = tookPlaceNode.booleanValue();
      int staffTrained = staffTrained(item.get("staffTrained"), at, tookPlace, action);
      BigDecimal actualCost = Inputs.money(at + ".actualCost", plain(item.get("actualCost")), LARGEST_COST);
      outcomes.add(new ActionOutcome(action.course(), tookPlace, staffTrained, actualCost));
    }
    return outcomes;
  }

  private static int staffTrained(JsonNode node, String at, boolean tookPlace, TrainingAction action) {
    String field = at + ".staffTrained";
    if (!tookPlace) {
      Object given = plain(node);
      boolean none = given == null || given instanceof String text && text.isBlank();
      if (!none && Inputs.wholeNumber(field, given, 0, Integer.MAX_VALUE) != 0) {
        throw new InvalidInputException(field, "must be 0 when the training did not take place (was " + node + ")");
      }
      return 0;
    }
    int trained = Inputs.wholeNumber(field, plain(node), 0, Integer.MAX_VALUE);
    if (trained > action.staffCount()) {
      throw new InvalidInputException(field, "must not be more than the " + action.staffCount()
          + " staff the plan funded for " + action.course() + " (was " + trained + ")");
    }
    return trained;
  }

  private static Object plain(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    return node.isNumber() ? node.decimalValue() : node.isTextual() ? node.textValue() : node.toString();
  }
}
