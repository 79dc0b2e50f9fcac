package org.coachgrant.system;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import org.springframework.web.server.ResponseStatusException;

/** What the workspace's pages share: who may act, and a refusal shown beside the field that caused it. */
@Component
public class Workspace {

  public static final Set<String> COORDINATION = Set.of("coordinators", "camunda-admin");

  private final Callers callers;

  Workspace(Callers callers) {
    this.callers = callers;
  }

  /** The signed-in coordinator or administrator; 403 (the friendly page) for anyone else, reviewers included. */
  public Authentication coordinator() {
    return callers.requireAnyOf(COORDINATION, "Only coordinators change a programme");
  }

  public String viewerId() {
    return callers.current().getUserId();
  }

  public boolean coordinates() {
    return callers.isIn(callers.current(), COORDINATION);
  }

  /** Runs what a coordinator may start as the system, as the REST API does (managers' users, coaches). */
  public <T> T asSystem(java.util.function.Supplier<T> action) {
    return callers.asSystem(action);
  }

  /** Puts refusals in the model: {@code errors} by field for the fields, in order for the summary at the top. */
  public static void errors(Model model, List<InvalidInputException> problems) {
    Map<String, String> byField = new LinkedHashMap<>();
    for (InvalidInputException problem : problems) {
      byField.putIfAbsent(problem.getField(), rule(problem));
    }
    model.addAttribute("errors", byField);
  }

  /** The rule alone, without the field name the REST API puts in front ("budget: must not be negative"). */
  public static String rule(InvalidInputException problem) {
    String message = problem.getMessage();
    String prefix = problem.getField() + ": ";
    String rule = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    return rule.isEmpty() ? rule : Character.toUpperCase(rule.charAt(0)) + rule.substring(1);
  }

  public static ResponseStatusException notFound(String what) {
    return new ResponseStatusException(HttpStatus.NOT_FOUND, what);
  }
}
