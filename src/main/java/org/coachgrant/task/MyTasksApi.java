package org.coachgrant.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.rest.dto.VariableValueDto;
import org.coachgrant.security.Callers;
import org.coachgrant.forms.InvalidInputException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A person's own tasks: all a manager needs, in place of the engine's APIs. One controller, two doors, as the
 * models' API: the task page calls it at {@code /tasks/api} with its session and CSRF token; integrators at
 * {@code /api/my/tasks} with HTTP Basic. A task that is not the caller's is 404, whatever the door.
 */
@RestController
@RequestMapping({"/api/my/tasks", "/tasks/api"})
class MyTasksApi {

  record Saved(Instant savedAt) {}

  private final MyTasks tasks;
  private final Callers callers;

  MyTasksApi(MyTasks tasks, Callers callers) {
    this.tasks = tasks;
    this.callers = callers;
  }

  @GetMapping
  List<MyTasks.Summary> list() {
    return tasks.of(me());
  }

  @GetMapping("/{id}/form")
  MyTasks.Form form(@PathVariable String id) {
    return tasks.form(me(), id);
  }

  @PostMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void submit(@PathVariable String id, @RequestBody(required = false) JsonNode body) {
    tasks.submit(me(), id, variables(body));
  }

  @PutMapping("/{id}/draft")
  Saved draft(@PathVariable String id, @RequestBody(required = false) JsonNode body) {
    if (body == null || !body.isObject() || !body.has("data")) {
      throw new InvalidInputException("data", "is required: {\"data\": {\"field\": value, ...}}");
    }
    for (var names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("data")) {
        throw new InvalidInputException(name, "is not a member of a draft (only data)");
      }
    }
    return new Saved(tasks.saveDraft(me(), id, body.get("data")));
  }

  /** A submission's variables, as Camunda's {@code submit-form} takes them: {@code {"variables": {...}}} and nothing else. */
  private static Map<String, VariableValueDto> variables(JsonNode body) {
    if (body == null || !body.isObject() || !body.path("variables").isObject()) {
      throw new InvalidInputException("variables", "are required: {\"variables\": {\"name\": {\"value\": ..., \"type\": ...}}}");
    }
    for (var names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("variables")) {
        throw new InvalidInputException(name, "is not a member of a submission (only variables)");
      }
    }
    Map<String, VariableValueDto> variables = new LinkedHashMap<>();
    for (var entries = body.get("variables").fields(); entries.hasNext(); ) {
      var entry = entries.next();
      try {
        variables.put(entry.getKey(), READER.treeToValue(entry.getValue(), VariableValueDto.class));
      } catch (JsonProcessingException | IllegalArgumentException e) {
        throw new InvalidInputException(entry.getKey(), "must be {\"value\": ..., \"type\": ...}");
      }
    }
    return variables;
  }

  private static final ObjectMapper READER = new ObjectMapper()
      .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  private String me() {
    return callers.current().getUserId();
  }
}
