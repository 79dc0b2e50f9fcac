package org.coachgrant.trainingplan;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.coachgrant.system.Formats;

/** What changed between two versions of a plan, in words a reviewer reads at a glance. */
final class PlanChanges {

  private PlanChanges() {}

  static String describe(PlanContent before, PlanContent after) {
    if (before == null) {
      return "First version.";
    }
    List<String> lines = new ArrayList<>();
    text(lines, "Identified needs", before.identifiedNeeds(), after.identifiedNeeds());
    text(lines, "Expected outcomes", before.expectedOutcomes(), after.expectedOutcomes());
    text(lines, "Cascading learning plan", before.cascadingPlan(), after.cascadingPlan());
    if (before.totalRequested().compareTo(after.totalRequested()) != 0) {
      lines.add("Total requested: " + Formats.money(before.totalRequested()) + " → " + Formats.money(after.totalRequested()));
    }
    for (TrainingAction action : after.actions()) {
      TrainingAction old = before.actions().stream().filter(a -> a.course().equalsIgnoreCase(action.course()))
          .findFirst().orElse(null);
      if (old == null) {
        lines.add("Action added: " + describe(action));
      } else if (!sameAction(old, action)) {
        lines.add("Action changed: " + describe(old) + " → " + describe(action));
      }
    }
    for (TrainingAction old : before.actions()) {
      if (after.actions().stream().noneMatch(a -> a.course().equalsIgnoreCase(old.course()))) {
        lines.add("Action removed: " + describe(old));
      }
    }
    return lines.isEmpty() ? "No changes since the previous version." : String.join("\n", lines);
  }

  private static void text(List<String> lines, String label, String before, String after) {
    if (!Objects.equals(before, after)) {
      lines.add(label + " changed. Before: “" + before + "”");
    }
  }

  private static boolean sameAction(TrainingAction a, TrainingAction b) {
    return a.provider().equals(b.provider()) && a.staffCount() == b.staffCount() && a.costEach().compareTo(b.costEach()) == 0
        && Objects.equals(a.plannedMonth(), b.plannedMonth());
  }

  private static String describe(TrainingAction a) {
    return a.course() + " (" + a.provider() + ", " + a.staffCount() + " staff × " + Formats.money(a.costEach())
        + (a.plannedMonth() == null ? "" : ", " + Formats.month(a.plannedMonth())) + ")";
  }
}
