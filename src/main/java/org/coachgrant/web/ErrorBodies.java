package org.coachgrant.web;

import org.coachgrant.system.ConflictRetries;
import org.coachgrant.forms.FormLabels;
import org.coachgrant.forms.Json;

import org.coachgrant.security.SystemAccess;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What the REST API and the webapps' API answer when they refuse: the engine's error bodies name
 * its exception classes ({@code RestException}, {@code CompleteTaskDto}), its codes
 * ({@code ENGINE-03051}), other people's records (the task or instance id in a 403, "9 executions
 * match") and answer 500 for input the caller got wrong. Every error body is rewritten here to
 * {@code {"type", "message"}} with a plain status word as its type, a message without ids, codes or
 * class names, and a 4xx where the fault is the caller's. The original goes to the log.
 */
class ErrorBodies extends OncePerRequestFilter {

  /** What {@code grant/LedgerChecks} says when it refuses to move money. */
  private static final Pattern LEDGER_REFUSAL =
      Pattern.compile("Plan \\d+ version \\d+ .*: nothing was (committed|released|returned to the budget)$");
  private static final Logger LOG = LoggerFactory.getLogger(ErrorBodies.class);

  private static final Pattern CANNOT_PREFIX = Pattern.compile("^Cannot [a-z ]+?(?: [\\w:.-]+)?: ");
  private static final Pattern LISTENER = Pattern.compile("There was an exception while invoking the \\w+\\. Message: '(.*)'$");
  private static final Pattern CODES = Pattern.compile("\\b(?:ENGINE|DMN|FEEL|SPIN/[A-Z-]+)-\\d+ ");
  private static final Pattern CLASS_NAMES = Pattern.compile("\\b(?:java|javax|jakarta|org|com)\\.[\\w$.]*\\w(?::\\s*)?");
  private static final Pattern IDS = Pattern.compile("'?\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b'?");
  private static final Pattern FIELD_RULE = Pattern.compile("^[a-zA-Z][\\w.\\[\\]]*: .+");
  private static final Pattern JACKSON_FIELD = Pattern.compile("\\[\"(\\w+)\"\\]\\)?\\s*$");

  private static final Pattern TASK_PATH = Pattern.compile("/task/([\\w-]{1,64})/(?:submit-form|complete)$");

  /** The form (its id) of a task, to name a refused field by that form's label; null when unknown. */
  private final Function<String, String> formOfTask;

  ErrorBodies(Function<String, String> formOfTask) {
    this.formOfTask = formOfTask;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    ErrorCapture capture = new ErrorCapture(response);
    chain.doFilter(request, capture);
    if (!capture.captured()) {
      return;
    }
    byte[] original = capture.body();
    String text = new String(original, StandardCharsets.UTF_8);
    Matcher task = TASK_PATH.matcher(request.getRequestURI());
    String formId = task.find() ? formOfTask.apply(task.group(1)) : null;
    Answer answer = rewrite(capture.getStatus(), text, request.getMethod(), request.getRequestURI(), formId);
    if (answer == null) {
      response.getOutputStream().write(original);
      return;
    }
    if (answer.status() >= 500) {
      LOG.warn("{} {} failed: {}", request.getMethod(), request.getRequestURI(), text);
    } else {
      LOG.info("{} {} refused ({}): {}", request.getMethod(), request.getRequestURI(), answer.status(), text);
    }
    response.setStatus(answer.status());
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    Map<String, String> body = new LinkedHashMap<>();
    body.put("type", answer.type());
    if (answer.field() != null) {
      body.put("field", answer.field());
    }
    body.put("message", answer.message());
    byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  /** An answer; {@code field} is the key of the field a refusal is about (for integrators), or null. */
  record Answer(int status, String type, String message, String field) {

    Answer(int status, String type, String message) {
      this(status, type, message, null);
    }
  }

  /** Plain words, no angle brackets or arrows: Tasklist shows this message in its notifications as text. */
  static final String NOT_FOUND = Workspace.NOT_FOUND;
  static final String TASK_NOT_FOUND = "This task was not found, or is not yours to see.";
  static final String SERVER_ERROR = "Something went wrong on our side; nothing was changed. Try again, and tell an"
      + " administrator if it happens again.";
  static final String FORBIDDEN = "You are not allowed to do this.";
  static final String NO_CORRELATION = "messageName: no process you may act on is waiting for this message"
      + " with these correlation keys";

  /**
   * The answer to give for an error body of the engine's, or null to leave it as it is (ours already).
   * A refusal says no without saying what exists: a refused read is a 404 like a missing record, a
   * refused change a bare 403, and every refused message correlation the same 400, so nobody can probe
   * another setting's processes by what the engine names or counts.
   */
  static Answer rewrite(int status, String body, String method, String path, String formId) {
    String type = null;
    String message = body.strip();
    if (message.startsWith("{")) {
      try {
        JsonNode json = Json.tree(message);
        if (json.has("field")) {
          return null;
        }
        type = json.path("type").asText(null);
        message = json.path("message").asText("");
        if ("Forbidden".equals(type) && FORBIDDEN.equals(message)) {
          // the gateway's: a call off the allow-list is refused whatever it names, so a 403 says nothing
          return null;
        }
      } catch (IOException e) {
        // not JSON after all: a plain message, cleaned below
      }
    }
    if (message.contains("through reference chain") || message.startsWith("Cannot deserialize")
        || message.startsWith("Cannot construct") || message.startsWith("Unrecognized field")) {
      Matcher field = JACKSON_FIELD.matcher(message);
      String name = field.find() ? field.group(1) : "body";
      return new Answer(400, "InvalidInput", name + ": has the wrong type or is not a field here");
    }
    if (message.contains("orderBy methods first before specifying a direction")) {
      return new Answer(400, "InvalidInput", "sorting: sortBy names no order this query knows", "sorting");
    }
    if (path.contains("/message") && status >= 400 && status < 500 && status != HttpServletResponse.SC_UNAUTHORIZED) {
      return new Answer(400, "InvalidInput", NO_CORRELATION);
    }
    if (status == HttpServletResponse.SC_FORBIDDEN) {
      return "GET".equals(method) ? new Answer(404, "NotFound", notFound(path)) : new Answer(403, "Forbidden", FORBIDDEN);
    }
    if (status == HttpServletResponse.SC_UNAUTHORIZED) {
      return new Answer(401, "Unauthenticated", "Sign in with your user name and password.");
    }
    message = clean(message);
    int answer = status;
    if ("TaskAlreadyClaimedException".equals(type) || message.contains("is already claimed")) {
      return new Answer(409, "Conflict", "task: is already claimed by someone else");
    }
    // submit-form wraps the engine's exception in its own, keeping the message
    if ("OptimisticLockingException".equals(type) || message.contains(ConflictRetries.MESSAGE)) {
      return new Answer(409, "Conflict", ConflictRetries.MESSAGE);
    }
    if ("ReviewNotOnRecordException".equals(type) || LEDGER_REFUSAL.matcher(message).find()) {
      // the ledger's own refusal, in words, when a model moves money in the caller's transaction
      return new Answer(409, "Conflict", message.substring(Math.max(0, message.indexOf("Plan "))));
    }
    if (message.contains("cannot be deleted because is part of a running process")) {
      return new Answer(400, "InvalidRequest", "task: a task of a running process cannot be deleted; complete it instead");
    }
    if (status >= 500 && (message.endsWith(" is null") || message.contains("does not exist")
        || message.startsWith("No ") && message.contains(" found"))) {
      answer = 404;
    } else if (status >= 500 && FIELD_RULE.matcher(message).matches()) {
      answer = 400;
    } else if (status >= 500) {
      message = SERVER_ERROR;
    }
    if (answer == 404) {
      message = notFound(path);
    }
    if (answer == 400 && FIELD_RULE.matcher(message).matches()) {
      return labelled(message, formId);
    }
    return new Answer(answer, typeOf(answer), message);
  }

  private static String notFound(String path) {
    return path.contains("/task/") ? TASK_NOT_FOUND : NOT_FOUND;
  }

  /**
   * A refused field, as a person reads it: the form's label instead of the key ("Total grant requested:
   * must equal …"); the key stays in the body's {@code field} member for integrators.
   */
  static Answer labelled(String message, String formId) {
    int colon = message.indexOf(": ");
    String key = message.substring(0, colon);
    String label = FormLabels.of(formId, key);
    return new Answer(400, "InvalidInput", label == null ? message : label + message.substring(colon), key);
  }

  static String clean(String message) {
    String cleaned = CANNOT_PREFIX.matcher(message).replaceFirst("");
    Matcher listener = LISTENER.matcher(cleaned);
    if (listener.find()) {
      cleaned = listener.group(1);
    }
    cleaned = CODES.matcher(cleaned).replaceAll("");
    cleaned = cleaned.replace("java type java.lang.Integer", "a whole number")
        .replace("java type java.lang.Long", "a whole number").replace("java type java.lang.Short", "a whole number")
        .replace("java type java.lang.Double", "a number").replace("java type java.lang.Boolean", "true or false")
        .replace("java type java.util.Date", "a date").replace("java type java.lang.String", "text");
    cleaned = CLASS_NAMES.matcher(cleaned).replaceAll("");
    cleaned = IDS.matcher(cleaned).replaceAll("").replaceAll(" {2,}", " ").strip();
    return cleaned.isEmpty() ? "body: does not fit this request (a member has the wrong type or shape)" : cleaned;
  }

  static String typeOf(int status) {
    return switch (status) {
      case 400 -> "InvalidInput";
      case 404 -> "NotFound";
      case 405 -> "MethodNotAllowed";
      case 409 -> "Conflict";
      case 413 -> "TooLarge";
      case 415 -> "UnsupportedMediaType";
      default -> status >= 500 ? "ServerError" : "Refused";
    };
  }

  /** Passes a success through untouched; holds an error body (status 400 and up) for rewriting. */
  private static final class ErrorCapture extends HttpServletResponseWrapper {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private ServletOutputStream stream;
    private PrintWriter writer;
    private boolean capturing;

    ErrorCapture(HttpServletResponse response) {
      super(response);
    }

    boolean captured() throws IOException {
      if (writer != null) {
        writer.flush();
      }
      return capturing;
    }

    byte[] body() {
      return buffer.toByteArray();
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
      if (stream == null) {
        capturing = getStatus() >= 400;
        stream = capturing ? new Buffered(buffer) : super.getOutputStream();
      }
      return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
      if (writer == null) {
        capturing = getStatus() >= 400;
        writer = capturing ? new PrintWriter(new OutputStreamWriter(buffer, StandardCharsets.UTF_8)) : super.getWriter();
      }
      return writer;
    }

    @Override
    public void setContentLength(int length) {
      if (getStatus() < 400) {
        super.setContentLength(length);
      }
    }

    @Override
    public void setContentLengthLong(long length) {
      if (getStatus() < 400) {
        super.setContentLengthLong(length);
      }
    }

    @Override
    public void flushBuffer() throws IOException {
      if (!capturing) {
        super.flushBuffer();
      }
    }
  }

  private static final class Buffered extends ServletOutputStream {
    private final ByteArrayOutputStream buffer;

    Buffered(ByteArrayOutputStream buffer) {
      this.buffer = buffer;
    }

    @Override
    public void write(int b) {
      buffer.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      buffer.write(bytes, offset, length);
    }

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      throw new UnsupportedOperationException("synchronous writes only");
    }
  }

  @Configuration
  static class Registration {
    @Bean
    FilterRegistrationBean<ErrorBodies> errorBodies(ObjectProvider<TaskService> tasks) {
      FilterRegistrationBean<ErrorBodies> registration = new FilterRegistrationBean<>(new ErrorBodies(taskId ->
          SystemAccess.run(() -> {
            try {
              Task task = tasks.getObject().createTaskQuery().taskId(taskId).initializeFormKeys().singleResult();
              return task == null || task.getCamundaFormRef() == null ? null : task.getCamundaFormRef().getKey();
            } catch (RuntimeException e) {
              // the label of any form, then
              return null;
            }
          })));
      registration.setName("coachgrant-error-bodies");
      registration.addUrlPatterns("/engine-rest/*", "/camunda/api/*");
      // outside the request guard and authentication, so it sees every refusal
      registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
      return registration;
    }
  }
}
