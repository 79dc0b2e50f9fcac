package org.coachgrant.goals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.coachgrant.admin.Roles;
import org.coachgrant.forms.Inputs;
import org.coachgrant.forms.InvalidInputException;
import org.coachgrant.security.Callers;
import org.coachgrant.web.Workspace;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /my/goals/{programme}/{setting}}: a manager edits her coaching goals, checked as the task's form and the API
 * check them. Only managers, only their own settings (another's is 404).
 */
@Controller
class MyGoalsPages {

  record SummaryLine(String field, String text) {}

  private final MyGoals goals;
  private final Callers callers;

  MyGoalsPages(MyGoals goals, Callers callers) {
    this.goals = goals;
    this.callers = callers;
  }

  @GetMapping("/my/goals/{programme}/{settingUrn}")
  String edit(@PathVariable String programme, @PathVariable String settingUrn, Model model) {
    MyGoals.Part part = goals.one(me(), programme, settingUrn);
    Map<String, String> form = new HashMap<>();
    part.goals().forEach(g -> {
      form.put("goal" + g.position(), g.goal());
      form.put("goalWhy" + g.position(), g.whyItMatters());
      form.put("goalKnow" + g.position(), g.howWeKnow());
    });
    model.addAttribute("part", part);
    model.addAttribute("form", form);
    return "goals/edit";
  }

  @PostMapping("/my/goals/{programme}/{settingUrn}")
  String save(@PathVariable String programme, @PathVariable String settingUrn, @RequestParam Map<String, String> params,
      Model model) {
    String me = me();
    MyGoals.Part part = goals.one(me, programme, settingUrn);
    Map<String, Object> values = new HashMap<>();
    SetCoachingGoalsForm.FIELDS.forEach(name -> values.put(name, params.getOrDefault(name, "")));
    Inputs inputs = new Inputs(values);
    List<InvalidInputException> problems = new ArrayList<>();
    List<CoachingGoals.Goal> wanted = new ArrayList<>();
    for (int n = 1; n <= CoachingGoals.MAX_GOALS; n++) {
      if (n > 1 && !inputs.has("goal" + n) && !inputs.has("goalWhy" + n) && !inputs.has("goalKnow" + n)) {
        continue;
      }
      String goal = text(inputs, "goal" + n, problems);
      String why = text(inputs, "goalWhy" + n, problems);
      String know = text(inputs, "goalKnow" + n, problems);
      wanted.add(new CoachingGoals.Goal(goal, why, know));
    }
    if (problems.isEmpty()) {
      try {
        goals.save(me, part.programmeCode(), part.settingUrn(), wanted);
        return "redirect:/my#goals-" + part.programmeCode() + "-" + part.settingUrn();
      } catch (InvalidInputException e) {
        problems.add(e);
      }
    }
    Workspace.errors(model, problems);
    Map<String, String> byField = new LinkedHashMap<>();
    problems.forEach(p -> byField.putIfAbsent(p.getField(), Workspace.rule(p)));
    model.addAttribute("errorSummary", byField.entrySet().stream()
        .map(e -> new SummaryLine(e.getKey(), label(e.getKey()) + ": " + e.getValue().substring(0, 1).toLowerCase(java.util.Locale.ROOT)
            + e.getValue().substring(1))).toList());
    model.addAttribute("part", part);
    model.addAttribute("form", params);
    return "goals/edit";
  }

  private static String text(Inputs inputs, String field, List<InvalidInputException> problems) {
    try {
      return inputs.text(field, CoachingGoals.MAX_TEXT);
    } catch (InvalidInputException e) {
      problems.add(e);
      return null;
    }
  }

  /** "Goal 2, why it matters to the children": the field as the page labels it. */
  static String label(String field) {
    String n = field.replaceAll("\\D", "");
    if (field.startsWith("goalWhy")) {
      return "Goal " + n + ", why it matters to the children";
    }
    if (field.startsWith("goalKnow")) {
      return "Goal " + n + ", how you’ll know it worked";
    }
    return field.startsWith("goal") && !n.isEmpty() ? "Goal " + n : "Your goals";
  }

  private String me() {
    return callers.requireAnyOf(java.util.Set.of(Roles.MANAGERS), "Only managers have coaching goals of their own").getUserId();
  }
}
