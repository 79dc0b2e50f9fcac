package org.coachgrant.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.rest.impl.CamundaRestResources;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.admin.Roles;
import org.coachgrant.system.SignedInBrowser;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 18's outsider's probe: every route of Camunda's REST API, found by reflection over the JAX-RS resources
 * the engine registers (not listed by hand), called once as each role through the real filter chain, on
 * {@code /engine-rest} with Basic credentials and in the webapps' engine API with a signed-in session and its
 * CSRF header. No answer is a 5xx or shows a stack trace, a class name or a file's content; afterwards no money
 * moved, nothing was deployed and no person, group or authorization changed.
 */
class RouteProbeTest extends CoachgrantTest {

  private static final String WEBAPP = "/camunda/api/engine/engine/default";
  /** What a leak looks like: a stack frame, an exception's class or any fully qualified Java name. */
  private static final Pattern LEAK = Pattern.compile("\\bat [\\w$.]+\\(|\\b(?:java|javax|jakarta|org|com|sun)\\.[a-z]\\w*\\."
      + "[\\w.$]*[A-Z]\\w*|Exception\\b");
  /**
   * The statistics' DTOs name their class: Camunda's own {@code @JsonTypeInfo} on its REST DTO, the documented shape
   * of that answer, and no more than its public source shows.
   */
  private static final Pattern STATISTICS_TYPE = Pattern.compile("\"@class\":\"org\\.camunda\\.bpm\\.engine\\.rest\\.dto\\.[\\w.]+\"");
  /** A line of a file on the server's disk, which no answer may carry. */
  private static final List<String> FILE_CONTENT = List.of("root:x:0:0", "<modelVersion>4.0.0</modelVersion>");
  /** The routes that read a file (deployed or on the disk) or run code (a deployment, an evaluation, a script). */
  private static final Predicate<Route> FILES_AND_CODE = route -> Pattern.compile(
      "/data|/xml|/deployed-|/rendered-form|/resources|/create|/redeploy|/evaluate|/diagram|/condition|/form-variables|/script")
      .matcher(route.path()).find();

  record Route(String method, String path) {}

  @LocalServerPort int port;
  /** How many answers had each status: what the probe printed beside its figures. */
  private final Map<Integer, Integer> statuses = new java.util.TreeMap<>();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void noRouteMovesMoneyReadsAFileOrRunsCodeForAnyRole() throws Exception {
    person("cara", Roles.COACHES);
    person("ada", Roles.ADMINISTRATORS);
    Fixture f = fixture("10000", "1500");
    ProcessInstance plan = requestPlan(f);
    submitPlan(plan, f.manager(), plan(2, "300"));
    Map<String, String> ids = new LinkedHashMap<>();
    ids.put("task", task(plan, TrainingPlanProcess.TASK_REVIEW).getId());
    var definition = runtime.createProcessInstanceQuery().processInstanceId(plan.getId()).singleResult();
    ids.put("process-definition", definition.getProcessDefinitionId());
    ids.put("key", TrainingPlanProcess.KEY);
    ids.put("deployment", engine.getRepositoryService().createProcessDefinitionQuery()
        .processDefinitionId(definition.getProcessDefinitionId()).singleResult().getDeploymentId());
    ids.put("user", f.manager());
    ids.put("group", Roles.REVIEWERS);
    ids.put("process-instance", plan.getId());
    ids.put("execution", plan.getId());
    ids.put("variables", "planId");
    ids.put("localVariables", "planId");
    List<Route> routes = routes(ids);
    assertThat(routes).as("the REST API's routes, found by reflection").hasSizeGreaterThan(300);

    String before = state(f);
    long deployments = engine.getRepositoryService().createDeploymentQuery().count();
    List<String> findings = new ArrayList<>();
    int calls = 0;
    long started = System.currentTimeMillis();
    for (String user : new String[] {null, f.manager(), "cara", "ruth", "cora"}) {
      calls += probe(user, routes, findings);
    }
    String afterOthers = state(f);
    long deploymentsAfterOthers = engine.getRepositoryService().createDeploymentQuery().count();
    List<Route> filesAndCode = routes.stream().filter(FILES_AND_CODE).toList();
    calls += probe("ada", filesAndCode, findings);
    System.out.printf("RouteProbeTest: %d routes (%d reading files or running code), %d calls in %d ms, by status %s%n",
        routes.size(), filesAndCode.size(), calls, System.currentTimeMillis() - started, statuses);

    assertThat(findings).as("answers that leak or fail").isEmpty();
    assertThat(afterOthers).as("ledger, grants, people, groups, authorizations").isEqualTo(before);
    assertThat(deploymentsAfterOthers).as("deployments").isEqualTo(deployments);
    assertThat(state(f)).as("after the administrator's probe").isEqualTo(before);
    assertThat(engine.getRepositoryService().createDeploymentQuery().count()).as("deployments").isEqualTo(deployments);
    assertThat(task(plan, TrainingPlanProcess.TASK_REVIEW)).as("the plan still waits for its review").isNotNull();
  }

  /** Calls every route once as {@code user} (null: anonymously), on both APIs; answers the number of calls. */
  private int probe(String user, List<Route> routes, List<String> findings) throws Exception {
    SignedInBrowser browser = null;
    if (user != null) {
      browser = new SignedInBrowser(port);
      // a failed sign-in would leave every call a 401 and the probe proving nothing
      assertThat(browser.signIn(user, PASSWORD).headers().firstValue("Location").orElse("")).as(user + " signs in")
          .doesNotContain("error");
      browser.api("/camunda/api/admin/auth/user/default");
    }
    int calls = 0;
    for (Route route : routes) {
      boolean get = route.method().equals("GET") || route.method().equals("HEAD");
      HttpRequest.BodyPublisher body = get ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}");
      HttpRequest.Builder rest = HttpRequest.newBuilder(uri("/engine-rest" + route.path())).method(route.method(), body)
          .header("Accept", "application/json");
      if (!get) {
        rest.header("Content-Type", "application/json");
      }
      if (user != null) {
        rest.header("Authorization", basic(user));
      }
      check(user, route, "/engine-rest", http.send(rest.build(), HttpResponse.BodyHandlers.ofString()), findings);
      HttpRequest.Builder webapp = HttpRequest.newBuilder(uri(WEBAPP + route.path())).method(route.method(), body)
          .header("Accept", "application/json");
      if (!get) {
        webapp.header("Content-Type", "application/json");
      }
      HttpClient client = http;
      if (browser != null) {
        webapp.header("X-XSRF-TOKEN", browser.webappToken());
        client = browser.http();
      }
      check(user, route, WEBAPP, client.send(webapp.build(), HttpResponse.BodyHandlers.ofString()), findings);
      calls += 2;
    }
    return calls;
  }

  private void check(String user, Route route, String api, HttpResponse<String> answer, List<String> findings) {
    String call = (user == null ? "anonymous" : user) + " " + route.method() + " " + api + route.path() + " -> "
        + answer.statusCode();
    String body = answer.body() == null ? "" : answer.body();
    statuses.merge(answer.statusCode(), 1, Integer::sum);
    if (answer.statusCode() >= 500) {
      findings.add(call + ": " + abbreviate(body));
    }
    // a refusal is the server's own words; a 2xx answer lists what people and other tests stored, which may name
    // a class as text (an attacker's rejected payload, say): only the former can leak the server's insides
    var leak = LEAK.matcher(STATISTICS_TYPE.matcher(body).replaceAll(""));
    if (answer.statusCode() >= 400 && leak.find()) {
      findings.add(call + " shows '" + leak.group() + "': " + abbreviate(body));
    }
    for (String line : FILE_CONTENT) {
      if (body.contains(line)) {
        findings.add(call + " shows a file: " + abbreviate(body));
      }
    }
  }

  private static String abbreviate(String body) {
    return body.length() > 300 ? body.substring(0, 300) + "…" : body;
  }

  /** What the probe must leave as it was: the money, the plan's grants, the people and who may do what. */
  private String state(Fixture f) {
    return String.join("\n",
        jdbc.sql("select * from budget_ledger order by id").query().listOfRows().toString(),
        jdbc.sql("select * from training_grant order by id").query().listOfRows().toString(),
        jdbc.sql("select committed from programme where id = ?").param(f.programmeId()).query().listOfRows().toString(),
        jdbc.sql("select id_, rev_, email_, pwd_ from act_id_user order by id_").query().listOfRows().toString(),
        jdbc.sql("select id_, rev_ from act_id_group order by id_").query().listOfRows().toString(),
        jdbc.sql("select user_id_, group_id_ from act_id_membership order by user_id_, group_id_").query().listOfRows()
            .toString(),
        jdbc.sql("select id_, rev_, perms_ from act_ru_authorization order by id_").query().listOfRows().toString());
  }

  /**
   * Every method and path of the REST resources the engine registers: the root resources' routes and their
   * sub-resources', each path parameter replaced by a real id of this test's plan where its resource has one.
   */
  static List<Route> routes(Map<String, String> ids) {
    Set<Route> routes = new LinkedHashSet<>();
    for (Class<?> resource : new CamundaRestResources().getResourceClasses()) {
      Path root = pathOf(resource);
      if (root == null || root.value().equals("/engine")) {
        continue; // the engine named in the path serves the same resources as the default
      }
      walk(resource, root.value(), routes, ids, 0);
    }
    return List.copyOf(routes);
  }

  private static Path pathOf(Class<?> type) {
    if (type.getAnnotation(Path.class) != null) {
      return type.getAnnotation(Path.class);
    }
    for (Class<?> face : type.getInterfaces()) {
      if (face.getAnnotation(Path.class) != null) {
        return face.getAnnotation(Path.class);
      }
    }
    return null;
  }

  private static void walk(Class<?> type, String prefix, Set<Route> routes, Map<String, String> ids, int depth) {
    List<Class<?>> annotated = new ArrayList<>(List.of(type));
    annotated.addAll(List.of(type.getInterfaces()));
    for (Class<?> declaring : annotated) {
      for (Method method : declaring.getMethods()) {
        Path path = method.getAnnotation(Path.class);
        String full = join(prefix, path == null ? "" : path.value());
        String verb = httpMethod(method);
        if (verb != null) {
          routes.add(new Route(verb, concrete(full, ids)));
        } else if (path != null && depth < 4 && !method.getReturnType().isPrimitive()) {
          walk(method.getReturnType(), full, routes, ids, depth + 1);
        }
      }
    }
  }

  private static String httpMethod(Method method) {
    for (Annotation annotation : method.getAnnotations()) {
      HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
      if (verb != null) {
        return verb.value();
      }
    }
    return null;
  }

  private static String join(String prefix, String path) {
    String joined = (prefix + "/" + path).replaceAll("/+", "/");
    return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
  }

  /** The path with each {@code {param}} replaced by the real id of the resource named before it, or a dummy. */
  private static String concrete(String template, Map<String, String> ids) {
    String[] segments = template.split("/");
    for (int i = 0; i < segments.length; i++) {
      if (segments[i].startsWith("{")) {
        String owner = i > 0 ? segments[i - 1] : "";
        segments[i] = ids.getOrDefault(owner, "probe-dummy");
      }
    }
    return String.join("/", segments);
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  private static String basic(String user) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
  }
}
