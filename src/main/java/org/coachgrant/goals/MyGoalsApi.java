package org.coachgrant.goals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.coachgrant.admin.Roles;
import org.coachgrant.forms.InvalidInputException;
import org.coachgrant.security.Callers;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/my/goals}: a manager's own coaching goals, with their reviews and history ({@code GET}), and the goals
 * replaced ({@code PUT}, checked as the task's form checks them). Only managers (others 403); a programme or setting
 * that is not the caller's is 404. Coordinators and reviewers see goals only through the plan's review and the
 * dashboard's counts.
 */
@RestController
@RequestMapping("/api/my/goals")
class MyGoalsApi {

  private static final Set<String> BODY = Set.of("programme", "settingUrn", "goals");
  private static final Set<String> GOAL = Set.of("goal", "whyItMatters", "howWeKnow");

  private final MyGoals goals;
  private final Callers callers;

  MyGoalsApi(MyGoals goals, Callers callers) {
    this.goals = goals;
    this.callers = callers;
  }

  @GetMapping
  List<MyGoals.Part> list(@RequestParam(required = false) String programme, @RequestParam(required = false) String settingUrn) {
    String me = manager();
    return programme == null && settingUrn == null ? goals.of(me) : List.of(goals.one(me, programme, settingUrn));
  }

  @PutMapping
  MyGoals.Part put(@RequestBody(required = false) JsonNode body) {
    String me = manager();
    if (body == null || !body.isObject()) {
      throw new InvalidInputException("goals", "are required: {\"goals\": [{\"goal\", \"whyItMatters\", \"howWeKnow\"}]}");
    }
    body.fieldNames().forEachRemaining(name -> {
      if (!BODY.contains(name)) {
        throw new InvalidInputException(name, "is not a member of the goals (only programme, settingUrn and goals)");
      }
    });
    JsonNode list = body.get("goals");
    if (list == null || !list.isArray()) {
      throw new InvalidInputException("goals", "must be a list of one to " + CoachingGoals.MAX_GOALS + " goals");
    }
    List<CoachingGoals.Goal> wanted = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode goal = list.get(i);
      String at = "goals[" + (i + 1) + "]";
      if (!goal.isObject()) {
        throw new InvalidInputException(at, "must be {\"goal\", \"whyItMatters\", \"howWeKnow\"}");
      }
      goal.fieldNames().forEachRemaining(name -> {
        if (!GOAL.contains(name)) {
          throw new InvalidInputException(at + "." + name, "is not a part of a goal (only goal, whyItMatters, howWeKnow)");
        }
      });
      wanted.add(new CoachingGoals.Goal(text(goal, at, "goal"), text(goal, at, "whyItMatters"), text(goal, at, "howWeKnow")));
    }
    return goals.save(me, text(body, null, "programme"), text(body, null, "settingUrn"), wanted);
  }

  private static String text(JsonNode node, String at, String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new InvalidInputException(at == null ? name : at + "." + name, "must be text");
    }
    return value.asText();
  }

  private String manager() {
    return callers.requireAnyOf(Set.of(Roles.MANAGERS), "Only managers have coaching goals of their own").getUserId();
  }
}
