package org.coachgrant.modelling;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.coachgrant.notification.EmailTemplates;
import org.coachgrant.forms.InvalidInputException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The administrators' API behind {@code /admin/models}: one controller, two doors. The page calls it at
 * {@code /admin/models/api} with its session and CSRF token; integrators at {@code /api/admin/models}
 * with HTTP Basic. Administrators only (403 for anyone else). A deployment that fails a check is a 400
 * whose {@code problems} list every problem, and whose {@code message} is the same text the REST API's
 * {@code /deployment/create} gives.
 */
@RestController
@RequestMapping({"/api/admin/models", "/admin/models/api"})
class ModelsApi {

  private final Models models;
  private final Migrations migrations;
  private final ModelChanges changes;
  private final TemplatePreviews previews;

  ModelsApi(Models models, Migrations migrations, ModelChanges changes, TemplatePreviews previews) {
    this.models = models;
    this.migrations = migrations;
    this.changes = changes;
    this.previews = previews;
  }

  @GetMapping
  Map<String, Object> catalogue() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("items", models.catalogue());
    body.put("changes", changes.latest(50));
    return body;
  }

  @GetMapping("/{kind}/{key}")
  Map<String, Object> content(@PathVariable String kind, @PathVariable String key, @RequestParam(required = false) Integer version) {
    String upper = kind(kind);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("kind", upper);
    body.put("key", key);
    body.put("content", models.content(upper, key, version));
    body.put("changes", changes.of(upper, key));
    return body;
  }

  /** Checks a file without deploying it: {@code {"file": "approvalRules.dmn", "content": "<?xml ..."}}. */
  @PostMapping("/check")
  Map<String, Object> check(@RequestBody Map<String, Object> body) {
    List<ModelChecks.Problem> problems = models.check(text(body, "file"), content(body));
    return Map.of("problems", problems, "passed", problems.isEmpty());
  }

  /** Checks and deploys: {@code {"file", "content", "reason"}}. */
  @PostMapping("/deploy")
  ResponseEntity<Object> deploy(@RequestBody Map<String, Object> body) {
    return answer(models.deploy(text(body, "file"), content(body), optional(body, "reason")));
  }

  @PostMapping("/{kind}/{key}/rollback")
  ResponseEntity<Object> rollback(@PathVariable String kind, @PathVariable String key, @RequestBody Map<String, Object> body) {
    String upper = kind(kind);
    return answer("TEMPLATE".equals(upper) ? models.rollbackTemplate(key, optional(body, "reason"))
        : models.rollback(upper, key, optional(body, "reason")));
  }

  @PostMapping("/templates/{name}/check")
  Map<String, Object> checkTemplate(@PathVariable String name, @RequestBody Map<String, Object> body) {
    List<ModelChecks.Problem> problems = models.checkTemplate(name, parts(body));
    return Map.of("problems", problems, "passed", problems.isEmpty());
  }

  /**
   * Renders the parts (saved or not) with the data of a real plan or session that sends this template. A part
   * that does not parse, or reads what is not a template, is a 400 naming the part and the rule.
   */
  @PostMapping("/templates/{name}/preview")
  ResponseEntity<Object> preview(@PathVariable String name, @RequestBody Map<String, Object> body) {
    models.administrator();
    models.requireTemplate(name);
    try {
      return ResponseEntity.ok(previews.preview(name, parts(body)));
    } catch (EmailTemplates.TemplateProblem problem) {
      ModelChecks.Problem refused = new ModelChecks.Problem("templates/" + name + "/" + problem.part(), null, problem.rule(),
          problem.getMessage());
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("type", "InvalidInput");
      answer.put("field", problem.part());
      answer.put("message", problem.getMessage());
      answer.put("problems", List.of(refused));
      return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(answer);
    }
  }

  @PostMapping("/templates/{name}")
  ResponseEntity<Object> saveTemplate(@PathVariable String name, @RequestBody Map<String, Object> body) {
    return answer(models.saveTemplate(name, parts(body), optional(body, "reason")));
  }

  @GetMapping("/processes/{key}/migration")
  Migrations.Preview migration(@PathVariable String key, @RequestParam int fromVersion,
      @RequestParam(required = false) Integer toVersion) {
    return migrations.preview(key, fromVersion, toVersion);
  }

  @PostMapping("/processes/{key}/migration")
  Migrations.Started migrate(@PathVariable String key, @RequestBody Map<String, Object> body) {
    return migrations.migrate(key, number(body, "fromVersion"), body.get("toVersion") == null ? null : number(body, "toVersion"),
        optional(body, "reason"));
  }

  private static ResponseEntity<Object> answer(Models.Outcome outcome) {
    if (outcome.deployed()) {
      return ResponseEntity.ok(outcome);
    }
    Map<String, Object> refused = new LinkedHashMap<>();
    refused.put("type", "InvalidInput");
    refused.put("message", DeploymentChecks.refusal(outcome.problems()).getMessage());
    refused.put("problems", outcome.problems());
    return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(refused);
  }

  private static final Map<String, String> KINDS = Map.of("process", "PROCESS", "processes", "PROCESS",
      "decision", "DECISION", "decisions", "DECISION", "form", "FORM", "forms", "FORM", "template", "TEMPLATE",
      "templates", "TEMPLATE");

  private static String kind(String kind) {
    String upper = KINDS.get(kind.toLowerCase(java.util.Locale.ROOT));
    if (upper == null) {
      throw new InvalidInputException("kind", "must be process, decision, form or template");
    }
    return upper;
  }

  private static Map<String, String> parts(Map<String, Object> body) {
    Map<String, String> parts = new LinkedHashMap<>();
    for (String part : EmailTemplates.PARTS) {
      Object value = body.get(part);
      if (value != null && !(value instanceof String)) {
        throw new InvalidInputException(part, "must be text");
      }
      parts.put(part, value == null ? "" : (String) value);
    }
    return parts;
  }

  private static byte[] content(Map<String, Object> body) {
    return text(body, "content").getBytes(StandardCharsets.UTF_8);
  }

  private static String text(Map<String, Object> body, String field) {
    Object value = body.get(field);
    if (!(value instanceof String text) || text.isBlank()) {
      throw new InvalidInputException(field, "is required");
    }
    return text;
  }

  private static String optional(Map<String, Object> body, String field) {
    Object value = body.get(field);
    if (value != null && !(value instanceof String)) {
      throw new InvalidInputException(field, "must be text");
    }
    return (String) value;
  }

  private static int number(Map<String, Object> body, String field) {
    Object value = body.get(field);
    if (value instanceof Integer n && n > 0) {
      return n;
    }
    if (value instanceof String s && s.matches("[1-9][0-9]{0,8}")) {
      return Integer.parseInt(s);
    }
    throw new InvalidInputException(field, "must be a version number (1, 2, ...)");
  }
}
