package org.coachgrant.trainingplan;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.coachgrant.format.Formats;

/**
 * What changed between two versions of a plan, field by field, in words a reviewer reads at a glance:
 * "Makaton Foundation Workshop: staff 3 → 4". One line per change; an action is matched by its course.
 */
public final class PlanChanges {

  /** How much of a rewritten answer's previous text a line quotes. */
  static final int QUOTE = 300;

  private PlanChanges() {}

  /** The changes, one a line; "First version." for the first. */
  static String describe(PlanContent before, PlanContent after) {
    return String.join("\n", lines(before, after));
  }

  static List<String> lines(PlanContent before, PlanContent after) {
    if (before == null) {
      return List.of("First version.");
    }
    List<String> lines = new ArrayList<>();
    text(lines, "What training does your setting need?", before.identifiedNeeds(), after.identifiedNeeds());
    for (TrainingAction action : after.actions()) {
      TrainingAction old = sameCourse(before.actions(), action);
      if (old == null) {
        lines.add("Added: " + describe(action));
      } else {
        String course = action.course();
        if (!old.provider().equals(action.provider())) {
          lines.add(course + ": provider " + old.provider() + " → " + action.provider());
        }
        if (old.staffCount() != action.staffCount()) {
          lines.add(course + ": staff " + old.staffCount() + " → " + action.staffCount());
        }
        if (old.costEach().compareTo(action.costEach()) != 0) {
          lines.add(course + ": cost per person " + Formats.money(old.costEach()) + " → " + Formats.money(action.costEach()));
        }
        if (!Objects.equals(old.plannedMonth(), action.plannedMonth())) {
          lines.add(course + ": planned month " + month(old) + " → " + month(action));
        }
        if (!Objects.equals(old.servesGoal(), action.servesGoal())) {
          lines.add(course + ": serves " + goal(old) + " → " + goal(action));
        }
      }
    }
    for (TrainingAction old : before.actions()) {
      if (sameCourse(after.actions(), old) == null) {
        lines.add("Removed: " + describe(old));
      }
    }
    if (before.totalRequested().compareTo(after.totalRequested()) != 0) {
      lines.add("Total requested: " + Formats.money(before.totalRequested()) + " → " + Formats.money(after.totalRequested()));
    }
    text(lines, "What difference will the training make?", before.expectedOutcomes(), after.expectedOutcomes());
    text(lines, "Cascading learning plan", before.cascadingPlan(), after.cascadingPlan());
    return lines.isEmpty() ? List.of("No changes since the previous version.") : lines;
  }

  private static TrainingAction sameCourse(List<TrainingAction> actions, TrainingAction action) {
    return actions.stream().filter(a -> a.course().equalsIgnoreCase(action.course())).findFirst().orElse(null);
  }

  private static void text(List<String> lines, String label, String before, String after) {
    if (!Objects.equals(before, after)) {
      String quoted = before.length() > QUOTE ? before.substring(0, QUOTE).stripTrailing() + "…" : before;
      lines.add(label + ": rewritten (" + words(before) + " → " + words(after) + " words). It said: “" + quoted + "”");
    }
  }

  private static int words(String text) {
    return text.isBlank() ? 0 : text.strip().split("\\s+").length;
  }

  private static String month(TrainingAction action) {
    return action.plannedMonth() == null ? "none" : Formats.month(action.plannedMonth());
  }

  private static String goal(TrainingAction action) {
    return action.servesGoal() == null ? "no coaching goal" : "coaching goal " + action.servesGoal();
  }

  /** "Makaton Foundation Workshop (Makaton Charity, 3 staff × £120.00 = £360.00, March 2027)". */
  static String describe(TrainingAction a) {
    return a.course() + " (" + a.provider() + ", " + a.staffCount() + " staff × " + Formats.money(a.costEach()) + " = "
        + Formats.money(a.cost()) + (a.plannedMonth() == null ? "" : ", " + Formats.month(a.plannedMonth())) + ")";
  }
}
