package org.coachgrant.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.rest.dto.VariableValueDto;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.camunda.spin.json.SpinJsonNode;
import org.coachgrant.coaching.Sessions;
import org.coachgrant.programme.ProgrammeRepository;
import org.coachgrant.security.Callers;
import org.coachgrant.system.ConflictRetries;
import org.coachgrant.forms.InvalidInputException;
import org.coachgrant.forms.Inputs;
import org.coachgrant.format.WebFormat;
import org.coachgrant.web.Workspace;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;

/**
 * A person's open tasks, opened and submitted on Coachgrant's own page ({@code /tasks/{id}}) and API
 * ({@code /api/my/tasks}) instead of Tasklist. Every call is the engine's, made as the signed-in person with
 * their authorizations: a task is theirs when it is assigned to them (every manager's task is; a task offered to a
 * group is claimed in Tasklist first); any other task, someone else's or one that does not exist, is the same 404. A submission goes through
 * the engine's {@code submitTaskForm}, so the task's form handler checks it exactly as it checks Tasklist's
 * and the REST API's.
 */
@Service
public class MyTasks {

  private static final Pattern TASK_ID = Pattern.compile("[\\w-]{1,64}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** One open task, as the list shows it; {@code due} is a date, like 2027-03-31, or null. */
  public record Summary(String id, String name, String setting, String programme, String due) {}

  /** A task's form: its deployed schema, what it shows now, and the person's draft of it (or null). */
  public record Form(String taskId, String name, JsonNode schema, Map<String, Object> data, JsonNode draft,
      Instant draftSavedAt) {}

  /** A task the person finished: which task of its process it was, to say what happens next. */
  public record Finished(String taskId, String name, String taskKey) {}

  private final TaskService tasks;
  private final FormService forms;
  private final HistoryService history;
  private final ProcessEngine engine;
  private final TaskDrafts drafts;
  private final Callers callers;
  private final ProgrammeRepository programmes;
  private final Sessions sessions;
  private final WebFormat fmt;

  MyTasks(TaskService tasks, FormService forms, HistoryService history, ProcessEngine engine, TaskDrafts drafts,
      Callers callers, ProgrammeRepository programmes, Sessions sessions, WebFormat fmt) {
    this.fmt = fmt;
    this.callers = callers;
    this.programmes = programmes;
    this.sessions = sessions;
    this.tasks = tasks;
    this.forms = forms;
    this.history = history;
    this.engine = engine;
    this.drafts = drafts;
  }

  /** The person's open tasks, soonest due first. */
  public List<Summary> of(String userId) {
    List<Task> open = tasks.createTaskQuery().active().taskAssignee(userId)
        .orderByDueDate().asc().orderByTaskCreateTime().asc().listPage(0, 200);
    return open.stream().map(task -> {
      TaskContext context = context(task);
      return new Summary(task.getId(), task.getName(), context.setting(), context.programme(),
          task.getDueDate() == null ? null : fmt.day(task.getDueDate()).toString());
    }).toList();
  }

  /** The person's open task {@code taskId}; 404 for any other. */
  public Task own(String userId, String taskId) {
    if (taskId == null || !TASK_ID.matcher(taskId).matches()) {
      throw notYours(taskId);
    }
    Task task = tasks.createTaskQuery().taskId(taskId).active().taskAssignee(userId).initializeFormKeys().singleResult();
    if (task == null) {
      throw notYours(taskId);
    }
    return task;
  }

  public Form form(String userId, String taskId) {
    Task task = own(userId, taskId);
    JsonNode schema;
    try (InputStream in = forms.getDeployedTaskForm(task.getId())) {
      schema = MAPPER.readTree(in);
    } catch (IOException | RuntimeException e) {
      throw new ResponseStatusException(org.springframework.http.HttpStatus.NOT_FOUND, "This task has no form to show here");
    }
    Set<String> named = new HashSet<>();
    Matcher word = NAME.matcher(schema.toString());
    while (word.find()) {
      named.add(word.group());
    }
    // what the form names, and nothing else of the process: its values and the texts it shows
    VariableMap variables = forms.getTaskFormVariables(task.getId(), named, true);
    Map<String, Object> data = new LinkedHashMap<>();
    for (String name : variables.keySet()) {
      data.put(name, plain(variables.getValueTyped(name)));
    }
    var draft = drafts.find(task.getId(), userId);
    JsonNode draftData = null;
    if (draft.isPresent()) {
      try {
        draftData = MAPPER.readTree(draft.get().data());
      } catch (JsonProcessingException e) {
        draftData = null;
      }
    }
    return new Form(task.getId(), task.getName(), schema, data, draftData, draft.map(TaskDrafts.Draft::savedAt).orElse(null));
  }

  /**
   * Submits the form, as Camunda's {@code submit-form} takes it ({@code {"name": {"value": ..., "type": ...}}}):
   * the form's handler checks it and refuses with the field and the rule. The draft goes with the task.
   */
  public void submit(String userId, String taskId, Map<String, VariableValueDto> submitted) {
    Task task = own(userId, taskId);
    VariableMap variables = Variables.createVariables();
    if (submitted != null) {
      for (var entry : submitted.entrySet()) {
        if (entry.getValue() == null) {
          throw new InvalidInputException(entry.getKey(), "must be {\"value\": ..., \"type\": ...}");
        }
        if (entry.getValue().getValueInfo() != null && !entry.getValue().getValueInfo().isEmpty()) {
          // a form's values are plain: no class names, formats, files or transient variables
          throw new InvalidInputException(entry.getKey(), "valueInfo: must be empty");
        }
        try {
          variables.putValueTyped(entry.getKey(), entry.getValue().toTypedValue(engine, MAPPER));
        } catch (RuntimeException e) {
          throw new InvalidInputException(entry.getKey(), "does not fit its type " + entry.getValue().getType());
        }
      }
    }
    String formId = task.getCamundaFormRef() == null ? null : task.getCamundaFormRef().getKey();
    try {
      forms.submitTaskForm(task.getId(), variables);
    } catch (RuntimeException e) {
      // the form handler's refusal, however deep the engine wrapped it, named as the form labels the field
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof InvalidInputException refused) {
          throw refused.labelled(formId);
        }
      }
      if (e instanceof org.camunda.bpm.engine.AuthorizationException) {
        throw notYours(taskId);
      }
      if (callers.asSystem(() -> tasks.createTaskQuery().taskId(task.getId()).count()) == 0) {
        // sent twice at once (a second tab, a retry): the other submission did it
        throw new ResponseStatusException(org.springframework.http.HttpStatus.CONFLICT,
            "This task was done already, by the same form sent a moment earlier: nothing more was changed");
      }
      if (e instanceof org.camunda.bpm.engine.OptimisticLockingException) {
        throw new ResponseStatusException(org.springframework.http.HttpStatus.CONFLICT, ConflictRetries.MESSAGE);
      }
      throw e;
    }
    drafts.delete(task.getId(), userId);
  }

  /** Keeps what the person has typed so far; the form shows it when they come back. */
  public Instant saveDraft(String userId, String taskId, JsonNode data) {
    Task task = own(userId, taskId);
    if (data == null || !data.isObject()) {
      throw new InvalidInputException("data", "must be the form's values, {\"field\": value, ...}");
    }
    // the submission's text check, so a draft never keeps what the form would refuse (a NUL breaks PostgreSQL)
    data.fields().forEachRemaining(field -> {
      Inputs.textValue("data", field.getKey(), TaskDrafts.MAX_CHARACTERS);
      draftText(field.getKey(), field.getValue());
    });
    String text = data.toString();
    if (text.length() > TaskDrafts.MAX_CHARACTERS) {
      throw new InvalidInputException("data", "must be at most " + TaskDrafts.MAX_CHARACTERS + " characters (was "
          + text.length() + ")");
    }
    return drafts.save(task.getId(), userId, text);
  }

  private static void draftText(String field, JsonNode value) {
    if (value.isTextual()) {
      Inputs.textValue(field, value.asText(), TaskDrafts.MAX_CHARACTERS);
    }
    value.forEach(inner -> draftText(field, inner));
  }

  /** A task the person completed (for the confirmation page); 404 for any other. */
  public Finished finished(String userId, String taskId) {
    if (taskId == null || !TASK_ID.matcher(taskId).matches()) {
      throw notYours(taskId);
    }
    // managers may not read the engine's history: looked up as the system, and shown only to whoever completed it
    Finished finished = callers.asSystem(() -> {
      HistoricTaskInstance done = history.createHistoricTaskInstanceQuery().taskId(taskId).finished().singleResult();
      if (done == null || !userId.equals(done.getAssignee())) {
        return null;
      }
      return new Finished(taskId, done.getName(), done.getTaskDefinitionKey());
    });
    if (finished == null) {
      throw notYours(taskId);
    }
    return finished;
  }

  private static ResponseStatusException notYours(String taskId) {
    return Workspace.notFound("No open task of yours here");
  }

  /** A variable as the form reads it: JSON as JSON, a date as its ISO text, the rest as it is. */
  private static Object plain(TypedValue typed) {
    Object value = typed == null ? null : typed.getValue();
    if (value instanceof SpinJsonNode json) {
      try {
        return MAPPER.readTree(json.toString());
      } catch (JsonProcessingException e) {
        return null;
      }
    }
    if (value instanceof Date date) {
      return date.toInstant().toString();
    }
    if (value instanceof String || value instanceof Number || value instanceof Boolean || value == null) {
      return value;
    }
    return null;
  }

  /** The setting and programme a task is about, by name, from its process's variables. */
  record TaskContext(String setting, String programme) {}

  private TaskContext context(Task task) {
    Map<String, Object> variables = callers.asSystem(() -> tasks.getVariables(task.getId(),
        List.of("settingUrn", "programmeId", "programmeCode", "sessionId")));
    String setting = variables.get("settingUrn") instanceof String urn
        ? programmes.findSettingByUrn(urn).map(org.coachgrant.programme.Setting::name).orElse(null) : null;
    Optional<org.coachgrant.programme.Programme> programme = variables.get("programmeId") instanceof Number id
        ? programmes.findProgramme(id.longValue())
        : variables.get("programmeCode") instanceof String code ? programmes.findProgrammeByCode(code)
        : variables.get("sessionId") instanceof Number session
            ? sessions.find(session.longValue()).flatMap(s -> programmes.findProgramme(s.programmeId()))
            : Optional.empty();
    return new TaskContext(setting, programme.map(org.coachgrant.programme.Programme::name).orElse(null));
  }
}
