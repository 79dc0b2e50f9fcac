package org.coachgrant.security;

import org.coachgrant.system.Json;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first thing every API request meets (the REST API, the webapps' own API that Tasklist and
 * Cockpit call, Coachgrant's {@code /api}): it refuses, before anything reaches the engine,
 * <ul>
 * <li>the Admin webapp's first-run set-up, for good: Coachgrant creates its administrator at start,
 * so nobody ever needs it (CVE-2026-77226 opens it to anonymous callers in some configurations);</li>
 * <li>the webapps' own login: people sign in on Coachgrant's sign-in page, which signs them in to the
 * webapps too ({@link SignIn});</li>
 * <li>any query parameter or JSON member named {@code ...Expression}, at any depth: the task query's
 * expressions, top level or inside {@code orQueries} (CVE-2026-109432), which no Coachgrant client
 * needs;</li>
 * <li>bodies over the size limit, JSON that does not parse, nests too deep or has too many members;</li>
 * <li>variables of a type Coachgrant never takes (Object, File, Bytes, Xml), and Json variables whose
 * value is not JSON or nests too deep, naming the variable.</li>
 * </ul>
 * Each refusal is a 4xx that names the field and the rule.
 */
class RequestGuard extends OncePerRequestFilter {

  private static final Logger LOG = LoggerFactory.getLogger(RequestGuard.class);

  /** The largest body any API call needs: a deployment of every model, or a large enrolment file. */
  static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
  /** Deeper than any form, query or plan: a 100,000-level document is refused at once. */
  static final int MAX_JSON_DEPTH = 32;
  /** Members in one JSON body: a task form has tens; 100,000 variables are refused at once. */
  static final int MAX_JSON_MEMBERS = 10_000;

  private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_JSON_DEPTH)
          .maxStringLength(MAX_BODY_BYTES).maxNumberLength(100).build())
      .build());

  /** The webapps' own login: Coachgrant's sign-in is the only way in, with its lockout rules and CSRF. */
  private static final Pattern WEBAPP_LOGIN = Pattern.compile("/camunda/api/admin/auth/user/[^/]+/login(/.*)?");

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = path(request);
    if (path.startsWith("/camunda/api/admin/setup")) {
      LOG.warn("Refused a call to the Admin set-up endpoint from {}", request.getRemoteAddr());
      refuse(response, HttpServletResponse.SC_FORBIDDEN, "setup",
          "the first-run set-up is closed: Coachgrant creates its administrator at start");
      return;
    }
    if (WEBAPP_LOGIN.matcher(path).matches()) {
      LOG.warn("Refused a sign-in through the webapps' own login from {}", request.getRemoteAddr());
      refuse(response, HttpServletResponse.SC_FORBIDDEN, "login",
          "sign in on Coachgrant's sign-in page (/login): the webapps' own login is closed");
      return;
    }
    String expressionParameter = expressionParameter(request.getQueryString());
    if (expressionParameter != null) {
      refuseExpression(response, expressionParameter);
      return;
    }
    if (request.getContentLengthLong() > MAX_BODY_BYTES) {
      refuse(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "body",
          "must be at most " + MAX_BODY_BYTES / (1024 * 1024) + " MB");
      return;
    }
    String contentType = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
    if (!contentType.contains("json")) {
      chain.doFilter(new LimitedBody(request, null), response);
      return;
    }
    byte[] body = readAtMost(request.getInputStream(), MAX_BODY_BYTES);
    if (body == null) {
      refuse(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "body",
          "must be at most " + MAX_BODY_BYTES / (1024 * 1024) + " MB");
      return;
    }
    try {
      Refusal refusal = check(body);
      if (refusal != null) {
        refuse(response, HttpServletResponse.SC_BAD_REQUEST, refusal.field(), refusal.rule());
        return;
      }
    } catch (StreamConstraintsException e) {
      refuse(response, HttpServletResponse.SC_BAD_REQUEST, "body",
          "must nest at most " + MAX_JSON_DEPTH + " levels deep, with strings of at most "
              + MAX_BODY_BYTES / (1024 * 1024) + " MB and numbers of at most 100 digits");
      return;
    } catch (JsonProcessingException e) {
      refuse(response, HttpServletResponse.SC_BAD_REQUEST, "body", "is not valid JSON (line "
          + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
      return;
    }
    chain.doFilter(new LimitedBody(request, body), response);
  }

  /** The decoded path, lower case, with repeated slashes folded: what the servlet container dispatches on. */
  private static String path(HttpServletRequest request) {
    String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    return path.replaceAll("/{2,}", "/").toLowerCase(Locale.ROOT);
  }

  private static String expressionParameter(String query) {
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
      try {
        name = URLDecoder.decode(name, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        // a name that does not decode cannot be a parameter the REST API reads
      }
      if (isExpression(name)) {
        return name;
      }
    }
    return null;
  }

  /**
   * Why the body is refused, or null: a member named {@code ...Expression}, too many members, or a
   * typed variable the engine would choke on (a Json value that is not JSON or nests too deep, a type
   * that carries Java objects or files).
   */
  private static Refusal check(byte[] body) throws IOException {
    if (body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()) {
      return null;
    }
    JsonNode root = MAPPER.readTree(body);
    int[] members = {0};
    return walk(root, "", members);
  }

  private static Refusal walk(JsonNode node, String path, int[] members) throws IOException {
    if (node.isObject()) {
      Refusal typed = typedValue(node, path);
      if (typed != null) {
        return typed;
      }
      for (var fields = node.fields(); fields.hasNext(); ) {
        var field = fields.next();
        if (++members[0] > MAX_JSON_MEMBERS) {
          return new Refusal("body", "must have at most " + MAX_JSON_MEMBERS + " members");
        }
        String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        if (isExpression(field.getKey())) {
          return new Refusal(at, "expressions are not allowed in queries");
        }
        if (VARIABLE_MAPS.contains(field.getKey()) && !field.getValue().isObject() && !field.getValue().isNull()) {
          return new Refusal(at, "must be an object of named values, e.g. {\"name\": {\"value\": ...}}");
        }
        Refusal inner = walk(field.getValue(), at, members);
        if (inner != null) {
          return inner;
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        if (++members[0] > MAX_JSON_MEMBERS) {
          return new Refusal("body", "must have at most " + MAX_JSON_MEMBERS + " members");
        }
        Refusal inner = walk(node.get(i), path + "[" + i + "]", members);
        if (inner != null) {
          return inner;
        }
      }
    }
    return null;
  }

  /** A variable as the REST API takes it, {@code {"type": ..., "value": ...}}: the types Coachgrant accepts. */
  private static Refusal typedValue(JsonNode node, String path) {
    JsonNode type = node.get("type");
    if (type == null || !type.isTextual() || !node.has("value")) {
      return null;
    }
    String name = path.contains(".") ? path.substring(path.lastIndexOf('.') + 1) : path;
    String kind = type.textValue().toLowerCase(Locale.ROOT);
    if (!VARIABLE_TYPES.contains(kind)) {
      return new Refusal(name, "must be of type String, Boolean, Integer, Long, Double, Date, Json or Null (was '"
          + type.textValue() + "')");
    }
    JsonNode value = node.get("value");
    if (!kind.equals("json") && value.isContainerNode()) {
      return new Refusal(name, "must be " + switch (kind) {
        case "short", "integer", "long" -> "a whole number";
        case "double" -> "a number";
        case "boolean" -> "true or false";
        case "date" -> "a date";
        default -> "text";
      });
    }
    if (kind.equals("json") && value.isTextual()) {
      try {
        MAPPER.readTree(value.textValue());
      } catch (StreamConstraintsException e) {
        return new Refusal(name, "must nest at most " + MAX_JSON_DEPTH + " levels deep");
      } catch (JsonProcessingException e) {
        return new Refusal(name, "is not valid JSON (column " + e.getLocation().getColumnNr() + ")");
      }
    }
    return null;
  }

  private static final java.util.Set<String> VARIABLE_TYPES =
      java.util.Set.of("string", "boolean", "short", "integer", "long", "double", "date", "json", "null");

  /** Where the REST API takes variables by name: a map, never a list or a single value. */
  private static final java.util.Set<String> VARIABLE_MAPS = java.util.Set.of("variables", "modifications");

  private record Refusal(String field, String rule) {}

  private static boolean isExpression(String name) {
    return name.toLowerCase(Locale.ROOT).endsWith("expression");
  }

  private static void refuseExpression(HttpServletResponse response, String field) throws IOException {
    refuse(response, HttpServletResponse.SC_BAD_REQUEST, field, "expressions are not allowed in queries");
  }

  static void refuse(HttpServletResponse response, int status, String field, String rule) throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.getWriter().write(Json.write(Map.of("type", "InvalidInput", "field", field, "message", field + ": " + rule)));
  }

  /** The body, at most {@code limit} bytes; null when it is longer. */
  private static byte[] readAtMost(InputStream in, int limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int n;
    while ((n = in.read(buffer)) != -1) {
      if (out.size() + n > limit) {
        return null;
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  /** The request with its JSON body already read, or with a body that fails past the size limit. */
  private static final class LimitedBody extends HttpServletRequestWrapper {
    private final byte[] body;

    LimitedBody(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      ServletInputStream original = super.getInputStream();
      InputStream in = body != null ? new ByteArrayInputStream(body) : original;
      return new ServletInputStream() {
        private long read;

        @Override
        public int read() throws IOException {
          int b = in.read();
          count(b == -1 ? 0 : 1);
          return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
          int n = in.read(buffer, offset, length);
          count(Math.max(n, 0));
          return n;
        }

        private void count(int n) throws IOException {
          read += n;
          if (read > MAX_BODY_BYTES) {
            throw new IOException("The request body is over " + MAX_BODY_BYTES + " bytes");
          }
        }

        @Override
        public boolean isFinished() {
          return body != null ? read >= body.length : original.isFinished();
        }

        @Override
        public boolean isReady() {
          return body != null || original.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
          original.setReadListener(listener);
        }
      };
    }

    @Override
    public BufferedReader getReader() throws IOException {
      String encoding = getCharacterEncoding() == null ? "UTF-8" : getCharacterEncoding();
      return new BufferedReader(new InputStreamReader(getInputStream(), encoding));
    }
  }

  @Configuration
  static class Registration {
    @Bean
    FilterRegistrationBean<RequestGuard> requestGuard() {
      FilterRegistrationBean<RequestGuard> registration = new FilterRegistrationBean<>(new RequestGuard());
      registration.setName("coachgrant-request-guard");
      registration.addUrlPatterns("/engine-rest/*", "/camunda/api/*", "/api/*");
      // before authentication and the webapps' own filters: nothing behind it sees a refused request
      registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
      return registration;
    }
  }
}
