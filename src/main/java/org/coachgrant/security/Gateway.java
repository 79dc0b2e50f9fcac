package org.coachgrant.security;

import org.coachgrant.forms.Json;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import jakarta.servlet.http.HttpSession;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.coachgrant.admin.Roles;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The one door of the engine's APIs (the REST API, the webapps' API that Tasklist, Cockpit, Admin and
 * Welcome call), of the metrics ({@code /actuator/prometheus}, monitoring and administrators) and of Coachgrant's own
 * {@code /api}: the first thing every call meets after HTTP Basic
 * has said who is calling, before any body is read or parsed by anyone. On the engine's APIs it lets a
 * call through only when {@link AllowList} has a row for it in one of the caller's groups (403 otherwise,
 * administrators included), and on every door it refuses:
 * <ul>
 * <li>a member of monitoring (Prometheus's account) everything but the metrics, whatever its other groups;</li>
 * <li>the Admin webapp's first-run set-up, for good: Coachgrant creates its administrator at start,
 * so nobody ever needs it (CVE-2026-77226 opens it to anonymous callers in some configurations);</li>
 * <li>the webapps' own login: people sign in on Coachgrant's sign-in page, which signs them in to the
 * webapps too ({@link SignIn});</li>
 * <li>any query parameter or JSON member named {@code ...Expression}, at any depth: the task query's
 * expressions, top level or inside {@code orQueries} (CVE-2026-109432), which no Coachgrant client
 * needs;</li>
 * <li>a body that is not JSON where JSON is expected (415), whatever the content type claims, so that no
 * check is skipped by a content type; a multipart upload only where a row allows it;</li>
 * <li>bodies over the size limit (with or without a Content-Length), JSON that does not parse, nests too
 * deep or has too many members;</li>
 * <li>variables of a type Coachgrant never takes (Object, File, Bytes, Xml, or a list or object without
 * the type Json), in JSON or multipart, and Json variables whose value is not JSON or nests too deep,
 * naming the variable.</li>
 * </ul>
 * The administrators' API ({@code /api/admin}, {@code /admin/models/api}) is refused to anyone else before
 * its body is read. Each refusal is a 4xx that names the field and the rule; a call off the list is a
 * bare 403 (401 for a caller who has not signed in), logged with who called, the method and the path.
 */
class Gateway extends OncePerRequestFilter {

  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  /** The largest body any API call needs: a deployment of every model, or a large enrolment file. */
  static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
  /**
   * A session resource's upload (resources/SessionResources): a file of up to 20 MB and the form's other fields, so
   * that a file a byte over 20 MB reaches the resources' own check and is refused there, in words, with a 400.
   */
  static final int MAX_UPLOAD_BYTES = 21 * 1024 * 1024;
  /** The paths a session resource is uploaded to: the API's and the page's. */
  static final Pattern RESOURCE_UPLOAD = Pattern.compile("/api/sessions/[^/]+/resources|/programmes/[^/]+/sessions/[^/]+/resources/files");
  /** Deeper than any form, query or plan: a 100,000-level document is refused at once. */
  static final int MAX_JSON_DEPTH = 32;
  /** Members in one JSON body: a task form has tens; 100,000 variables are refused at once. */
  static final int MAX_JSON_MEMBERS = 10_000;

  static final String FORBIDDEN = "You are not allowed to do this.";

  private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_JSON_DEPTH)
          .maxStringLength(MAX_BODY_BYTES).maxNumberLength(100).build())
      .build());

  /** The webapps' own login: Coachgrant's sign-in is the only way in, with its lockout rules and CSRF. */
  /** A "." or ".." segment, as typed or encoded (%2e): no client of ours writes one (Tomcat refuses encoded slashes). */
  private static final Pattern DOT_SEGMENTS = Pattern.compile("(?i)%2e|(^|/)\\.{1,2}(/|;|$)");

  private static final Pattern WEBAPP_LOGIN = Pattern.compile("/camunda/api/admin/auth/user/[^/]+/login(/.*)?");

  private final AllowList allowList;
  private final Supplier<IdentityService> identity;

  Gateway(AllowList allowList, Supplier<IdentityService> identity) {
    this.allowList = allowList;
    this.identity = identity;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = path(request);
    String lower = path.toLowerCase(Locale.ROOT);
    if (DOT_SEGMENTS.matcher(request.getRequestURI()).find()) {
      // "/api/%2e%2e/engine-rest/task" is the engine's path once the server has decoded it, but not the servlet's
      // own: refused here, in words, rather than failing there
      refuse(response, HttpServletResponse.SC_BAD_REQUEST, "path", "must be written plainly, without . or .. segments"
          + " or encoded dots");
      return;
    }
    if (lower.startsWith("/camunda/api/admin/setup")) {
      LOG.warn("Refused a call to the Admin set-up endpoint from {}", request.getRemoteAddr());
      refuse(response, HttpServletResponse.SC_FORBIDDEN, "setup",
          "the first-run set-up is closed: Coachgrant creates its administrator at start");
      return;
    }
    if (WEBAPP_LOGIN.matcher(lower).matches()) {
      LOG.warn("Refused a sign-in through the webapps' own login from {}", request.getRemoteAddr());
      refuse(response, HttpServletResponse.SC_FORBIDDEN, "login",
          "sign in on Coachgrant's sign-in page (/login): the webapps' own login is closed");
      return;
    }
    if (path.startsWith("/admin/")) {
      // the administrators' models page posts uploads here: refused unread for anyone else
      AllowList.Caller caller = metricsOnly(signedInToThePages(request));
      if (!caller.groups().contains(Roles.ADMINISTRATORS)) {
        refuseCall(response, caller, request.getMethod(), path, null);
        return;
      }
      chain.doFilter(request, response);
      return;
    }
    Map<String, List<String>> query = query(request.getQueryString());
    String expressionParameter = query.keySet().stream().filter(Gateway::isExpression).findFirst().orElse(null);
    if (expressionParameter != null) {
      refuseExpression(response, expressionParameter);
      return;
    }
    // the engine's two APIs; Coachgrant's own (/api, and the task page's /tasks/api) check their callers themselves
    boolean engineApi = !(path.startsWith("/api/") || path.equals("/tasks/api") || path.startsWith("/tasks/api/"));
    AllowList.Caller caller = metricsOnly(caller(request, engineApi && path.startsWith("/camunda/")));
    List<AllowList.Row> routes = engineApi ? allowList.routes(caller, request.getMethod(), path) : List.of();
    if (engineApi && routes.isEmpty() || !engineApi && caller.groups().contains(Roles.MONITORING)) {
      refuseCall(response, caller, request.getMethod(), path, null);
      return;
    }
    if (!engineApi && lower.startsWith("/api/admin/") && !caller.groups().contains(Roles.ADMINISTRATORS)) {
      // before the body is read: an upload to the administrators' API is refused unread
      refuseCall(response, caller, request.getMethod(), path, null);
      return;
    }
    if (engineApi && routes.stream().allMatch(r -> r.refusedParameter(query, caller) != null)) {
      refuseCall(response, caller, request.getMethod(), path, routes.get(0).refusedParameter(query, caller));
      return;
    }
    boolean upload = RESOURCE_UPLOAD.matcher(path).matches();
    if (request.getContentLengthLong() > (upload ? MAX_UPLOAD_BYTES : MAX_BODY_BYTES)) {
      if (upload) {
        refuseUploadTooLarge(response);
      } else {
        refuseTooLarge(response);
      }
      return;
    }
    String contentType = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
    if (!engineApi && contentType.contains("*")) {
      // a wildcard names no type: Spring cannot read a body by it (the engine's APIs refuse all but JSON below)
      refuse(response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "Content-Type", "must name the body's type, like"
          + " application/json, not a wildcard");
      return;
    }
    if (!engineApi && !contentType.contains("json")) {
      TrafficRecord.write(request, path, caller, routes, query, null);
      // Spring reads these (uploads, CSV files) with its own limits; the stream stops past ours
      chain.doFilter(new LimitedBody(request, null, upload ? MAX_UPLOAD_BYTES : MAX_BODY_BYTES), response);
      return;
    }
    byte[] body = readAtMost(request.getInputStream(), MAX_BODY_BYTES);
    if (body == null) {
      refuseTooLarge(response);
      return;
    }
    boolean empty = body.length == 0;
    boolean multipart = engineApi && routes.stream().anyMatch(AllowList.Row::multipart);
    if (!empty && engineApi && multipart) {
      if (!contentType.startsWith("multipart/form-data")) {
        refuse(response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "Content-Type", "must be multipart/form-data");
        return;
      }
      if (MULTIPART_VARIABLE_TYPE.matcher(new String(body, StandardCharsets.ISO_8859_1)).find()) {
        refuse(response, HttpServletResponse.SC_BAD_REQUEST, "valueType",
            "variables are not taken by upload: send them as JSON, of type String, Boolean, Integer, Long, Double, Date, Json or Null");
        return;
      }
      TrafficRecord.write(request, path, caller, routes, query, null);
      chain.doFilter(new LimitedBody(request, body, MAX_BODY_BYTES), response);
      return;
    }
    if (!empty && engineApi && !isJson(contentType)) {
      refuse(response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "Content-Type", "must be application/json (UTF-8)");
      return;
    }
    JsonNode root;
    try {
      root = empty || new String(body, StandardCharsets.UTF_8).isBlank() ? null : MAPPER.readTree(body);
      Refusal refusal = root == null ? null : check(root, !routes.isEmpty() && routes.stream().allMatch(AllowList.Row::anyMember));
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
    if (engineApi && root != null && !root.isObject()) {
      refuse(response, HttpServletResponse.SC_BAD_REQUEST, "body", "must be a JSON object, {...}");
      return;
    }
    if (engineApi && routes.stream().allMatch(r -> r.refusedMember(root, caller) != null)) {
      refuseCall(response, caller, request.getMethod(), path, routes.get(0).refusedMember(root, caller));
      return;
    }
    TrafficRecord.write(request, path, caller, routes, query, root);
    chain.doFilter(new LimitedBody(request, body, MAX_BODY_BYTES), response);
  }

  /**
   * Who is calling: on the webapps' API, the person signed in to the webapps (Coachgrant's sign-in put
   * them in the session); elsewhere the user HTTP Basic authenticated ({@link RestAuthentication}, before
   * this filter).
   */
  private AllowList.Caller caller(HttpServletRequest request, boolean webapps) {
    Set<String> groups = new TreeSet<>();
    String user = null;
    if (webapps) {
      HttpSession session = request.getSession(false);
      if (session != null) {
        for (var signedIn : AuthenticationUtil.getAuthsFromSession(session).getAuthentications()) {
          user = signedIn.getName();
          if (signedIn.getGroupIds() != null) {
            groups.addAll(signedIn.getGroupIds());
          }
        }
      }
    } else {
      Authentication signedIn = identity.get().getCurrentAuthentication();
      if (signedIn != null) {
        user = signedIn.getUserId();
        if (signedIn.getGroupIds() != null) {
          groups.addAll(signedIn.getGroupIds());
        }
      }
    }
    // a manager is signed in to Coachgrant's pages but never to the webapps: signed in, so refused (403), not asked to sign in
    return user != null ? new AllowList.Caller(user, groups) : webapps ? signedInToThePages(request) : AllowList.Caller.ANONYMOUS;
  }

  /**
   * A member of monitoring as the metrics' reader alone, whatever other groups it is in: Prometheus's account, whose
   * password sits in a configuration file, opens the metrics and nothing else (its only allow-list row).
   */
  private static AllowList.Caller metricsOnly(AllowList.Caller caller) {
    return caller.groups().contains(Roles.MONITORING) ? new AllowList.Caller(caller.userId(), Set.of(Roles.MONITORING))
        : caller;
  }

  /** Who signed in on Coachgrant's sign-in page: Spring Security keeps them in the session. */
  static AllowList.Caller signedInToThePages(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    Object context = session == null ? null
        : session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
    if (!(context instanceof SecurityContext security) || security.getAuthentication() == null
        || !security.getAuthentication().isAuthenticated()) {
      return AllowList.Caller.ANONYMOUS;
    }
    Set<String> groups = new TreeSet<>();
    security.getAuthentication().getAuthorities().forEach(a -> groups.add(a.getAuthority()));
    return new AllowList.Caller(security.getAuthentication().getName(), groups);
  }

  private void refuseCall(HttpServletResponse response, AllowList.Caller caller, String method, String path,
      String field) throws IOException {
    String refused = caller.describe() + " " + method + " " + path + (field == null ? "" : " (" + field + ")");
    GatewayRefusals.add(refused);
    LOG.warn("Refused {}: not on the allow-list", refused);
    if (!caller.signedIn()) {
      // nothing is open to anonymous callers; a webapp whose session ended sends its person to sign in again
      response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
      response.setContentType("application/json");
      response.setCharacterEncoding("UTF-8");
      response.getWriter().write(Json.write(Map.of("type", "Unauthenticated", "message", "Sign in with your user name and password.")));
      return;
    }
    response.setStatus(HttpServletResponse.SC_FORBIDDEN);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    Map<String, String> body = new LinkedHashMap<>();
    body.put("type", "Forbidden");
    if (field != null) {
      body.put("field", field);
    }
    body.put("message", field == null ? FORBIDDEN : field + ": is not allowed here");
    response.getWriter().write(Json.write(body));
  }

  /** A resource's upload over its limit: the file is too large, a 400 on the field the person chose the file in. */
  static void refuseUploadTooLarge(HttpServletResponse response) throws IOException {
    refuse(response, HttpServletResponse.SC_BAD_REQUEST, "file", "must be at most 20 MB");
  }

  private static void refuseTooLarge(HttpServletResponse response) throws IOException {
    refuse(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "body",
        "must be at most " + MAX_BODY_BYTES / (1024 * 1024) + " MB");
  }

  /**
   * {@code application/json}, with no charset or UTF-8: what every JSON endpoint of the engine reads (a
   * charset the server does not know was a 500).
   */
  private static boolean isJson(String contentType) {
    String[] parts = contentType.split(";");
    if (!parts[0].strip().equals("application/json")) {
      return false;
    }
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].strip();
      if (parameter.startsWith("charset=")) {
        String charset = parameter.substring("charset=".length()).replace("\"", "").strip();
        if (!charset.equals("utf-8") && !charset.equals("utf8")) {
          return false;
        }
      }
    }
    return true;
  }

  /** A multipart part that sets a variable's type (how the REST API takes an Object or a file). */
  private static final Pattern MULTIPART_VARIABLE_TYPE =
      Pattern.compile("(?i)content-disposition:[^\r\n]*name=\"?valueType\"?");

  /** The decoded path with repeated slashes folded: what the servlet container dispatches on. */
  private static String path(HttpServletRequest request) {
    String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    return path.replaceAll("/{2,}", "/");
  }

  /** The query parameters, decoded, by name. */
  private static Map<String, List<String>> query(String query) {
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    if (query == null || query.isEmpty()) {
      return parameters;
    }
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
      parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    return parameters;
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      // what does not decode is kept as sent: no list names it, so it is refused
      return text;
    }
  }

  /**
   * Why the body is refused, or null: a member named {@code ...Expression}, too many members, or a
   * variable the engine would choke on or must never take (a Json value that is not JSON or nests too
   * deep, a type that carries Java objects or files, a list or object without the type Json).
   */
  private static Refusal check(JsonNode root, boolean query) {
    // a query's "variables" is a list of conditions (Cockpit's filter by variable), not variables to store
    if (root.isObject() && !query) {
      for (String map : List.of("variables", "modifications")) {
        JsonNode variables = root.get(map);
        if (variables != null && !variables.isObject() && !variables.isNull()) {
          return new Refusal(map, "must be an object of named values, e.g. {\"name\": {\"value\": ...}}");
        }
      }
    }
    Refusal sorting = root.isObject() && root.has("sorting") ? sorting(root.get("sorting")) : null;
    if (sorting != null) {
      return sorting;
    }
    int[] members = {0};
    return walk(root, "", members);
  }

  /**
   * A query's order, {@code [{"sortBy": ..., "sortOrder": "asc"|"desc", "parameters": {"variable", "type"}}]}:
   * the engine answered a wrong shape or a variable type it does not know with a 500.
   */
  private static Refusal sorting(JsonNode sorting) {
    String rule = "must be a list of {\"sortBy\": ..., \"sortOrder\": \"asc\" or \"desc\"}, with \"parameters\": "
        + "{\"variable\": ..., \"type\": ...} when sorting by a variable";
    if (!sorting.isArray()) {
      return new Refusal("sorting", rule);
    }
    for (int i = 0; i < sorting.size(); i++) {
      JsonNode order = sorting.get(i);
      String at = "sorting[" + i + "]";
      if (!order.isObject() || !order.path("sortBy").isTextual()
          || !order.path("sortOrder").isTextual() || !Set.of("asc", "desc").contains(order.path("sortOrder").textValue())) {
        return new Refusal(at, rule);
      }
      for (var members = order.fieldNames(); members.hasNext(); ) {
        if (!Set.of("sortBy", "sortOrder", "parameters").contains(members.next())) {
          return new Refusal(at, rule);
        }
      }
      JsonNode parameters = order.get("parameters");
      if (parameters != null && !parameters.isNull()) {
        JsonNode type = parameters.get("type");
        if (!parameters.isObject() || !parameters.path("variable").isTextual() || type == null || !type.isTextual()
            || !VARIABLE_TYPES.contains(type.textValue().toLowerCase(Locale.ROOT))) {
          return new Refusal(at + ".parameters", "must be {\"variable\": ..., \"type\": ...}, the type one of String, "
              + "Boolean, Short, Integer, Long, Double, Date, Json or Null");
        }
      }
    }
    return null;
  }

  private static Refusal walk(JsonNode node, String path, int[] members) {
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
        if (VARIABLE_MAPS.contains(field.getKey()) && field.getValue().isObject()) {
          Refusal variable = variables(field.getValue());
          if (variable != null) {
            return variable;
          }
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

  /**
   * Variables by name, as the engine takes them ({@code {"name": {"value": ..., "type": ...}}}): only the
   * types of {@link #VARIABLE_TYPES}, whether or not a value comes with the type, and a list or an object
   * only as Json (an untyped one would be stored as a serialized Java object).
   */
  private static Refusal variables(JsonNode map) {
    for (var entries = map.fields(); entries.hasNext(); ) {
      var entry = entries.next();
      String name = entry.getKey();
      JsonNode variable = entry.getValue();
      if (!variable.isObject()) {
        return new Refusal(name, "must be {\"value\": ..., \"type\": ...}");
      }
      for (var members = variable.fieldNames(); members.hasNext(); ) {
        String member = members.next();
        if (!VARIABLE_MEMBERS.contains(member)) {
          return new Refusal(name, "may have only value, type and valueInfo (not " + member + ")");
        }
      }
      JsonNode type = variable.get("type");
      if (type != null && !type.isNull() && (!type.isTextual() || !VARIABLE_TYPES.contains(type.asText().toLowerCase(Locale.ROOT)))) {
        return new Refusal(name, "must be of type String, Boolean, Integer, Long, Double, Date, Json or Null (was '"
            + type.asText() + "')");
      }
      if ((type == null || type.isNull()) && variable.path("value").isContainerNode()) {
        return new Refusal(name, "a list or an object must have the type Json");
      }
      JsonNode info = variable.get("valueInfo");
      if (info != null && !info.isNull() && (!info.isObject() || info.fieldNames().hasNext()
          && !(info.size() == 1 && info.has("transient")))) {
        return new Refusal(name, "valueInfo: must be empty (no class names, formats or file details)");
      }
    }
    return null;
  }

  private static final Set<String> VARIABLE_MEMBERS = Set.of("value", "type", "valueInfo");

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

  private static final Set<String> VARIABLE_TYPES =
      Set.of("string", "boolean", "short", "integer", "long", "double", "date", "json", "null");

  /**
   * Where the REST API takes variables by name (a task's form, a start, a message's variables, a process's
   * variables): a map, never a list or a single value. A query's {@code processVariables} is a list of
   * conditions instead, and is not a map of variables.
   */
  private static final Set<String> VARIABLE_MAPS = Set.of("variables", "modifications", "processVariables",
      "processVariablesLocal", "localVariables", "initialVariables", "correlationKeys", "localCorrelationKeys");

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
    String type = switch (status) {
      case HttpServletResponse.SC_FORBIDDEN -> "Forbidden";
      case HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE -> "TooLarge";
      case HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE -> "UnsupportedMediaType";
      default -> "InvalidInput";
    };
    Map<String, String> body = new LinkedHashMap<>();
    body.put("type", type);
    body.put("field", field);
    body.put("message", field + ": " + rule);
    response.getWriter().write(Json.write(body));
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
  static final class LimitedBody extends HttpServletRequestWrapper {
    private final byte[] body;
    private final int limit;

    LimitedBody(HttpServletRequest request, byte[] body, int limit) {
      super(request);
      this.body = body;
      this.limit = limit;
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
          if (read > limit) {
            throw new BodyTooLargeException(limit);
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
    FilterRegistrationBean<Gateway> gateway(ObjectProvider<IdentityService> identity) {
      Gateway gateway = new Gateway(AllowList.standard(), identity::getObject);
      FilterRegistrationBean<Gateway> registration = new FilterRegistrationBean<>(gateway);
      registration.setName("coachgrant-gateway");
      registration.addUrlPatterns("/engine-rest/*", "/camunda/api/*", "/api/*", "/admin/models/api/*", "/tasks/api/*",
          "/actuator/prometheus", "/actuator/prometheus/*");
      // right after HTTP Basic (RestAuthentication), before the webapps' filters and anything that reads a body
      registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
      return registration;
    }
  }
}
