package org.coachgrant.web;

import org.coachgrant.security.Callers;
import org.coachgrant.system.ConflictRetries;
import org.coachgrant.forms.InvalidInputException;

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

  /** The session attribute holding why this browser's last sign-in failed, in words for the sign-in page. */
  public static final String SIGN_IN_PROBLEM = "coachgrant.signInProblem";

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

  /**
   * Runs what a coordinator may start as the system, as the REST API does (managers' users, coaches). Each action
   * is a transaction of its own: one that collides with a job of the same instance (a reminder's timer) is tried
   * again ({@link ConflictRetries#retried}), and one that keeps colliding is a 409 in words, nothing saved.
   */
  public <T> T asSystem(java.util.function.Supplier<T> action) {
    try {
      return ConflictRetries.retried(() -> callers.asSystem(action), ConflictRetries.WORKSPACE_MESSAGE);
    } catch (org.camunda.bpm.engine.OptimisticLockingException e) {
      throw new ResponseStatusException(HttpStatus.CONFLICT, ConflictRetries.WORKSPACE_MESSAGE);
    }
  }

  /** The label of each field the forms have, so the error summary names the field it links to. */
  private static final Map<String, String> LABELS = Map.ofEntries(Map.entry("code", "Programme code"),
      Map.entry("name", "Programme name"), Map.entry("budget", "Grant budget"),
      Map.entry("grantCap", "Most a setting may be granted"), Map.entry("planDeadline", "Training plans due by"),
      Map.entry("groupSizeLimit", "Most delegates in a group"), Map.entry("sessionCount", "Sessions per group"),
      Map.entry("sessionMinutes", "Length of a session"), Map.entry("settingName", "Setting name"), Map.entry("urn", "URN"),
      Map.entry("managerName", "Manager name"), Map.entry("email", "Manager email address"), Map.entry("amount", "Amount"),
      Map.entry("note", "Reason"), Map.entry("file", "CSV file"), Map.entry("settingUrn", "Delegate"),
      Map.entry("toGroup", "To group number"), Map.entry("current", "Current password"),
      Map.entry("password", "New password"), Map.entry("confirm", "New password again"),
      Map.entry("issuingBody", "Issuing body"), Map.entry("contactName", "Contact name"),
      Map.entry("contactEmail", "Contact email address"), Map.entry("grantTerms", "Terms of the grant"),
      Map.entry("linkTitle", "Title of the link"), Map.entry("url", "Web address"), Map.entry("fileTitle", "Title of the file"),
      Map.entry("resourceFile", "File"));
  private static final java.util.regex.Pattern SESSION_FIELD = java.util.regex.Pattern.compile("g(\\d+)-s(\\d+)-(\\w+)");

  /** A refusal in the summary at the top: the field's label and the rule, linking to the field. */
  public record SummaryLine(String field, String text) {}

  /** Puts refusals in the model: {@code errors} by field, beside the fields; {@code errorSummary} for the top. */
  public static void errors(Model model, List<InvalidInputException> problems) {
    Map<String, String> byField = new LinkedHashMap<>();
    for (InvalidInputException problem : problems) {
      byField.putIfAbsent(problem.getField(), rule(problem));
    }
    model.addAttribute("errors", byField);
    model.addAttribute("errorSummary", byField.entrySet().stream()
        .map(e -> new SummaryLine(e.getKey(), label(e.getKey()) + ": " + e.getValue().substring(0, 1).toLowerCase(java.util.Locale.ROOT)
            + e.getValue().substring(1))).toList());
  }

  static String label(String field) {
    java.util.regex.Matcher session = SESSION_FIELD.matcher(field);
    if (session.matches()) {
      return "Group " + session.group(1) + ", session " + session.group(2) + ", " + switch (session.group(3)) {
        case "date" -> "date";
        case "time" -> "start time";
        default -> "place";
      };
    }
    if (field.startsWith("title-")) {
      return "New title";
    }
    if (field.startsWith("session") && field.contains("-")) {
      return "Session, " + field.substring(field.indexOf('-') + 1).replace("settingUrn", "catch-up delegate");
    }
    return LABELS.getOrDefault(field, field);
  }

  /** The rule alone, without the field name the REST API puts in front ("budget: must not be negative"). */
  public static String rule(InvalidInputException problem) {
    String message = problem.getMessage();
    String prefix = problem.getField() + ": ";
    String rule = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    return rule.isEmpty() ? rule : Character.toUpperCase(rule.charAt(0)) + rule.substring(1);
  }

  /** What every refused or missing read says: the same words whether the thing is missing or another person's. */
  public static final String NOT_FOUND = "This was not found, or is not yours to see.";

  public static ResponseStatusException notFound(String what) {
    return new ResponseStatusException(HttpStatus.NOT_FOUND, what);
  }
}
