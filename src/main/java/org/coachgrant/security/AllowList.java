package org.coachgrant.security;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.coachgrant.admin.Roles;

/**
 * Who may call what on the engine's two APIs: the REST API ({@code /engine-rest}) and the webapps' API that
 * Tasklist, Cockpit, Admin and Welcome call ({@code /camunda/api}). A call is let through only when a row of
 * one of the caller's groups names its method and path, and every body member and query parameter it
 * carries; anything else answers 403 (401 to a caller who has not signed in), administrators included.
 * The rows come from the traffic the screens and the REST recipe (docs/rest-api.md) make ({@link TrafficRecord}
 * records it), and the browser tests check it: a screen that calls something not listed fails its test.
 *
 * <p>Managers have no row: they do their tasks on Coachgrant's own pages and API ({@code /api/my/tasks}), so
 * a manager's session and credentials get 403 everywhere on the engine's APIs.
 * Monitoring (Prometheus's account) has one row, the metrics; the {@link Gateway} refuses its members everything
 * else, whatever other groups they are in.
 *
 * <p>Columns: who (groups of {@link Roles}), method, path, what the call
 * may carry. In a path, {@code {id}} is one segment, {@code {self}} the caller's own user id and {@code **}
 * the rest of the path. What a call may carry: a JSON body member ({@code userId}), one that must be the
 * caller's own user id ({@code userId=self}), a query parameter ({@code ?maxResults}, {@code ?member=self}),
 * any query parameter of a read ({@code ?*}), any member of a query body ({@code *}: reads only), or a
 * multipart upload ({@code multipart}). A body is JSON unless the row says multipart. Expressions, the
 * size and shape of bodies and the types of variables are checked for every call ({@link Gateway}).
 */
final class AllowList {

  /** {@link Roles#TASKLIST_USERS}: everyone but managers. */
  private static final String TASKLIST = "coaches,reviewers,senior-reviewers,coordinators,camunda-admin";
  private static final String REVIEW = "reviewers,senior-reviewers,coordinators,camunda-admin";
  private static final String COCKPIT = "coordinators,camunda-admin";
  private static final String TASK_QUERY = "active firstResult maxResults sorting processVariables taskVariables"
      + " caseInstanceVariables name nameLike assignee assigneeLike candidateGroup candidateUser"
      + " processInstanceBusinessKey processInstanceBusinessKeyLike processDefinitionKey processDefinitionName"
      + " dueBefore dueAfter followUpBefore followUpAfter createdBefore createdAfter variableNamesIgnoreCase"
      + " variableValuesIgnoreCase";
  private static final String WEBAPP = "/camunda/api/engine/engine/default";

  static final String TABLE = """
      # Every signed-in person who works in the webapps: who they are, signing out, the apps' own plug-ins
      TASKLIST                GET     /camunda/api/admin/auth/user/default
      TASKLIST                POST    /camunda/api/admin/auth/user/default/logout
      TASKLIST                GET     /camunda/api/engine/engine
      TASKLIST                GET     /camunda/api/{app}/plugin/{plugin}/static/**                  ?bust
      TASKLIST                GET     WEBAPP/user/{self}/profile
      # Welcome's "My profile": a person changes their own password (never their name or email: enrolment
      # matches on the email, so only administrators change it)
      TASKLIST                PUT     WEBAPP/user/{self}/credentials                               password authenticatedUserPassword
      TASKLIST                GET     WEBAPP/group                                                 ?member=self ?firstResult ?maxResults
      TASKLIST                GET     WEBAPP/group/count                                           ?member=self
      # Welcome's profile lists the person's own groups (the SDK asks by POST, the query in the body)
      TASKLIST                POST    WEBAPP/group                                                 ?firstResult ?maxResults firstResult maxResults member=self
      TASKLIST                GET     WEBAPP/tenant                                                ?userMember=self ?firstResult ?maxResults
      TASKLIST                GET     WEBAPP/tenant/count                                          ?userMember=self
      TASKLIST                GET     WEBAPP/identity/password-policy
      TASKLIST                POST    WEBAPP/identity/password-policy                              password profile

      # Tasklist: the filters of one's groups, their tasks, the forms; a claim only for oneself
      TASKLIST                GET     WEBAPP/filter                                                ?resourceType ?itemCount ?firstResult ?maxResults
      TASKLIST                OPTIONS WEBAPP/filter
      TASKLIST                GET     WEBAPP/filter/count                                          ?resourceType ?itemCount
      TASKLIST                POST    WEBAPP/filter/{id}/list                                      ?firstResult ?maxResults TASK_QUERY
      TASKLIST                POST    WEBAPP/filter/{id}/count                                     TASK_QUERY
      TASKLIST                GET     WEBAPP/task                                                  ?assignee ?processInstanceId ?maxResults ?firstResult
      TASKLIST                GET     WEBAPP/task/{id}
      TASKLIST                GET     WEBAPP/task/{id}/form
      TASKLIST                GET     WEBAPP/task/{id}/deployed-form                               ?noCache
      TASKLIST                GET     WEBAPP/task/{id}/form-variables                              ?deserializeValues ?variableNames
      TASKLIST                POST    WEBAPP/task/{id}/submit-form                                 variables
      TASKLIST                POST    WEBAPP/task/{id}/claim                                       userId=self
      TASKLIST                POST    WEBAPP/task/{id}/unclaim
      # Tasklist's "Start process": coordinators request plans (the engine lets them start only trainingPlan)
      coordinators            POST    WEBAPP/process-definition/{id}/submit-form                   variables businessKey
      # passing a review to a colleague (the engine checks the colleague could claim it)
      REVIEW                  POST    WEBAPP/task/{id}/assignee                                    userId

      # The REST recipe (docs/rest-api.md): cora requests a plan, each person finds and submits their task,
      # cora reads the history and the plans
      coordinators            POST    /engine-rest/process-definition/key/trainingPlan/submit-form variables businessKey
      TASKLIST                GET     /engine-rest/task                                            ?processInstanceId ?taskDefinitionKey ?candidateGroup ?assignee ?firstResult ?maxResults
      TASKLIST                GET     /engine-rest/task/{id}
      TASKLIST                GET     /engine-rest/task/count                                      ?processInstanceId ?taskDefinitionKey ?candidateGroup ?assignee
      TASKLIST                GET     /engine-rest/task/{id}/deployed-form
      # what Tasklist shows of a task's form, for an integrator deciding it
      TASKLIST                GET     /engine-rest/task/{id}/form-variables                        ?deserializeValues ?variableNames
      TASKLIST                POST    /engine-rest/task/{id}/submit-form                           variables
      TASKLIST                POST    /engine-rest/task/{id}/claim                                 userId=self
      TASKLIST                POST    /engine-rest/task/{id}/unclaim
      TASKLIST                POST    /engine-rest/filter/{id}/list                                ?firstResult ?maxResults TASK_QUERY
      TASKLIST                POST    /engine-rest/filter/{id}/count                               TASK_QUERY
      TASKLIST                GET     /engine-rest/filter/{id}/list                                ?firstResult ?maxResults
      TASKLIST                GET     /engine-rest/filter/{id}/count
      REVIEW                  POST    /engine-rest/task/{id}/assignee                              userId
      coordinators            GET     /engine-rest/history/activity-instance                       ?processInstanceId ?activityId ?activityType ?firstResult ?maxResults

      # Cockpit, for coordinators (incidents and plans that need them) and administrators: reads
      COCKPIT                 GET     /camunda/api/cockpit/plugin/base/default/**                  ?*
      # a definition's instance list, sorted as the person sorts it
      COCKPIT                 POST    /camunda/api/cockpit/plugin/base/default/process-instance    ?firstResult ?maxResults ?sortBy ?sortOrder *
      COCKPIT                 POST    /camunda/api/cockpit/plugin/base/default/process-instance/count *
      COCKPIT                 POST    /camunda/api/cockpit/plugin/base/default/incident            ?firstResult ?maxResults *
      COCKPIT                 POST    /camunda/api/cockpit/plugin/base/default/incident/count      *
      COCKPIT                 POST    /camunda/api/cockpit/plugin/base/default/process-definition/{id}/called-process-definitions *
      COCKPIT                 POST    /camunda/api/cockpit/plugin/base/default/process-instance/{id}/called-process-instances *
      COCKPIT                 GET     WEBAPP/process-definition/**                                 ?*
      COCKPIT                 GET     WEBAPP/process-instance/**                                   ?*
      COCKPIT                 POST    WEBAPP/process-instance                                      ?firstResult ?maxResults *
      COCKPIT                 POST    WEBAPP/process-instance/count                                *
      COCKPIT                 GET     WEBAPP/incident/**                                           ?*
      COCKPIT                 GET     WEBAPP/history/**                                            ?*
      COCKPIT                 POST    WEBAPP/history/process-instance                              ?firstResult ?maxResults *
      COCKPIT                 POST    WEBAPP/history/process-instance/count                        *
      COCKPIT                 POST    WEBAPP/history/activity-instance                             ?firstResult ?maxResults *
      COCKPIT                 POST    WEBAPP/history/activity-instance/count                       *
      COCKPIT                 GET     WEBAPP/job/**                                                ?*
      COCKPIT                 GET     WEBAPP/job-definition/**                                     ?*
      COCKPIT                 POST    WEBAPP/job-definition                                        ?firstResult ?maxResults *
      COCKPIT                 GET     WEBAPP/execution/**                                          ?*
      COCKPIT                 GET     WEBAPP/variable-instance/**                                  ?*
      COCKPIT                 POST    WEBAPP/variable-instance                                     ?firstResult ?maxResults ?deserializeValues *
      COCKPIT                 POST    WEBAPP/variable-instance/count                               *
      COCKPIT                 GET     WEBAPP/decision-definition/**                                ?*
      # Cockpit's Decisions page lists the decision requirements diagrams beside the tables (without them it shows only an error)
      COCKPIT                 GET     WEBAPP/decision-requirements-definition                      ?latestVersion ?sortBy ?sortOrder ?firstResult ?maxResults
      COCKPIT                 GET     WEBAPP/decision-requirements-definition/count                ?latestVersion
      COCKPIT                 GET     WEBAPP/deployment/**                                         ?*
      COCKPIT                 GET     WEBAPP/task/count                                            ?*
      COCKPIT                 GET     WEBAPP/authorization/check                                   ?permissionName ?permissionValue ?resourceName ?resourceType ?resourceId
      COCKPIT                 GET     WEBAPP/case-definition/count                                 ?*

      # Administrators. Cockpit's and Admin's other pages, the engine's figures, people and their access
      camunda-admin           GET     /camunda/api/admin/plugin/adminPlugins/static/**            ?bust
      camunda-admin           GET     /camunda/api/admin/plugin/base/default/**                    ?*
      camunda-admin           GET     /camunda/api/cockpit/plugin/cockpitPlugins/static/**         ?bust
      camunda-admin           GET     WEBAPP/metrics/**                                            ?*
      camunda-admin           GET     /engine-rest/metrics/**                                      ?*
      camunda-admin           GET     /engine-rest/telemetry/**
      # The metrics (docs/operations.md, "Metrics and alerts"): Prometheus scrapes them as a member of monitoring, which
      # has this row and no other; an administrator may read them too
      camunda-admin,monitoring GET    /actuator/prometheus
      camunda-admin           GET     WEBAPP/telemetry/**
      # a stuck job tried again, after its cause is fixed (the ledger checks the review again)
      camunda-admin           PUT     WEBAPP/job/{id}/retries                                      retries
      camunda-admin           PUT     WEBAPP/job-definition/{id}/retries                           retries
      camunda-admin           GET     WEBAPP/user/**                                               ?*
      camunda-admin           OPTIONS WEBAPP/user
      camunda-admin           OPTIONS WEBAPP/user/{id}
      camunda-admin           POST    WEBAPP/user/create                                           profile credentials
      camunda-admin           PUT     WEBAPP/user/{id}/profile                                     id firstName lastName email
      camunda-admin           PUT     WEBAPP/user/{id}/credentials                                 password authenticatedUserPassword
      camunda-admin           DELETE  WEBAPP/user/{id}
      camunda-admin           POST    WEBAPP/user/{id}/unlock
      camunda-admin           POST    /engine-rest/user/{id}/unlock
      camunda-admin           GET     WEBAPP/group/**                                              ?*
      # a user's Groups tab and its "Add to a group" dialog list groups (the SDK asks by POST, the query in the body)
      camunda-admin           POST    WEBAPP/group                                                 ?firstResult ?maxResults firstResult maxResults member sortBy sortOrder
      camunda-admin           OPTIONS WEBAPP/group
      camunda-admin           OPTIONS WEBAPP/group/{id}
      camunda-admin           POST    WEBAPP/group/create                                          id name type
      camunda-admin           PUT     WEBAPP/group/{id}                                            id name type
      camunda-admin           DELETE  WEBAPP/group/{id}
      # Admin's SDK sends the group and user ids of the path in the body too
      camunda-admin           PUT     WEBAPP/group/{id}/members/{id}                              id userId
      camunda-admin           DELETE  WEBAPP/group/{id}/members/{id}                              id userId
      camunda-admin           GET     WEBAPP/tenant/**                                             ?*
      camunda-admin           OPTIONS WEBAPP/tenant
      camunda-admin           GET     WEBAPP/authorization/**                                      ?*
      camunda-admin           OPTIONS WEBAPP/authorization
      camunda-admin           POST    WEBAPP/authorization/create                                  type permissions userId groupId resourceType resourceId
      camunda-admin           PUT     WEBAPP/authorization/{id}                                    id type permissions userId groupId resourceType resourceId
      camunda-admin           DELETE  WEBAPP/authorization/{id}
      camunda-admin           GET     WEBAPP/batch/**                                              ?*
      camunda-admin           POST    WEBAPP/filter/create                                         resourceType name owner query properties
      camunda-admin           PUT     WEBAPP/filter/{id}                                           resourceType name owner query properties
      camunda-admin           DELETE  WEBAPP/filter/{id}
      camunda-admin           POST    /engine-rest/filter/create                                   resourceType name owner query properties
      camunda-admin           PUT     /engine-rest/filter/{id}                                     resourceType name owner query properties
      # Camunda Modeler: its connection check reads the version, then it deploys (checked by modelling/)
      camunda-admin           GET     /engine-rest/version
      camunda-admin           POST    /engine-rest/deployment/create                               multipart
      camunda-admin           GET     /engine-rest/deployment                                      ?*
      camunda-admin           GET     /engine-rest/deployment/{id}
      camunda-admin           GET     /engine-rest/process-definition/**                           ?*
      # The powerful options, for administrators only: start anywhere in a process, move or restart
      # running processes (the ledger still checks the review before money moves), suspend them
      camunda-admin           POST    /engine-rest/process-definition/key/{key}/start              variables businessKey startInstructions skipCustomListeners skipIoMappings
      camunda-admin           POST    /engine-rest/process-definition/{id}/start                   variables businessKey startInstructions skipCustomListeners skipIoMappings
      camunda-admin           POST    /engine-rest/process-instance/{id}/modification              instructions skipCustomListeners skipIoMappings annotation
      camunda-admin           POST    WEBAPP/process-instance/{id}/modification                    instructions skipCustomListeners skipIoMappings annotation
      camunda-admin           POST    WEBAPP/modification/execute                                  processDefinitionId instructions processInstanceIds processInstanceQuery historicProcessInstanceQuery skipCustomListeners skipIoMappings annotation
      camunda-admin           POST    WEBAPP/process-definition/{id}/restart                       processInstanceIds historicProcessInstanceQuery startInstructions initialVariables skipCustomListeners skipIoMappings withoutBusinessKey
      camunda-admin           PUT     WEBAPP/process-instance/{id}/suspended                       suspended
      camunda-admin           DELETE  WEBAPP/process-instance/{id}                                 ?skipCustomListeners ?skipIoMappings ?skipSubprocesses
      """.replace("WEBAPP", WEBAPP).replace("TASKLIST ", pad(TASKLIST)).replace("REVIEW ", pad(REVIEW))
      .replace("COCKPIT ", pad(COCKPIT)).replace("TASK_QUERY", TASK_QUERY);

  private static String pad(String groups) {
    return groups + " ";
  }

  /** The person calling: their user id and groups; an anonymous caller has no id. */
  record Caller(String userId, Set<String> groups) {
    static final Caller ANONYMOUS = new Caller(null, Set.of());

    boolean signedIn() {
      return userId != null;
    }

    String describe() {
      return signedIn() ? userId + " (" + String.join(", ", groups) + ")" : "an anonymous caller";
    }
  }

  /** One row: the groups it is for, the method, the path and what the call may carry. */
  record Row(Set<String> who, String method, String path, Pattern pattern, Set<String> members, Set<String> ownMembers,
      Set<String> parameters, Set<String> ownParameters, boolean anyParameter, boolean anyMember, boolean multipart) {

    boolean isFor(Caller caller) {
      return caller.signedIn() && who.stream().anyMatch(caller.groups()::contains);
    }

    boolean matches(String method, String path, Caller caller) {
      var m = pattern.matcher(path);
      return this.method.equals(method) && m.matches() && (m.groupCount() == 0 || selfSegments(m, caller));
    }

    private static boolean selfSegments(java.util.regex.Matcher m, Caller caller) {
      for (int i = 1; i <= m.groupCount(); i++) {
        if (!m.group(i).equals(caller.userId())) {
          return false;
        }
      }
      return true;
    }

    /** Why a query parameter is refused by this row, or null. */
    String refusedParameter(Map<String, List<String>> query, Caller caller) {
      for (var parameter : query.entrySet()) {
        String name = parameter.getKey();
        if (ownParameters.contains(name)) {
          if (parameter.getValue().stream().anyMatch(v -> !v.equals(caller.userId()))) {
            return name;
          }
        } else if (!anyParameter && !parameters.contains(name)) {
          return name;
        }
      }
      return null;
    }

    /**
     * The member of a JSON body this row refuses, or null. A member that must be the caller's own id must be there:
     * a claim without a user is the engine's unclaim, which would take a task from the colleague who holds it.
     */
    String refusedMember(JsonNode body, Caller caller) {
      for (String own : ownMembers) {
        if (body == null || !body.isObject() || !body.hasNonNull(own)) {
          return own;
        }
      }
      if (body == null || !body.isObject()) {
        return null;
      }
      for (var fields = body.fields(); fields.hasNext(); ) {
        var field = fields.next();
        if (ownMembers.contains(field.getKey())) {
          if (!field.getValue().isTextual() || !field.getValue().textValue().equals(caller.userId())) {
            return field.getKey();
          }
        } else if (!anyMember && !members.contains(field.getKey())) {
          return field.getKey();
        }
      }
      return null;
    }
  }

  private final List<Row> rows;

  private AllowList(List<Row> rows) {
    this.rows = List.copyOf(rows);
  }

  static AllowList standard() {
    return parse(TABLE);
  }

  List<Row> rows() {
    return rows;
  }

  /** The REST API of an engine named in the path (two engines in one JVM): the same resources as the default's. */
  private static final Pattern NAMED_ENGINE = Pattern.compile("^/engine-rest/engine/[^/]+(/.+)$");

  /**
   * The history of CMMN cases: CMMN is off, so its history tables do not exist and a call that a row's {@code **}
   * lets through would fail in the database (a 500); no screen calls it.
   */
  private static final Pattern CASE_HISTORY = Pattern.compile("/history/case-", Pattern.CASE_INSENSITIVE);

  /** The caller's rows for this method and path: empty when the call is not on the list. */
  List<Row> routes(Caller caller, String method, String path) {
    if (CASE_HISTORY.matcher(path).find()) {
      return List.of();
    }
    var named = NAMED_ENGINE.matcher(path);
    String resource = named.matches() ? "/engine-rest" + named.group(1) : path;
    String trimmed = resource.length() > 1 && resource.endsWith("/") ? resource.substring(0, resource.length() - 1) : resource;
    return rows.stream().filter(r -> r.isFor(caller) && r.matches(method, trimmed, caller)).toList();
  }

  static AllowList parse(String table) {
    List<Row> rows = new ArrayList<>();
    for (String line : table.split("\n")) {
      String text = line.strip();
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      String[] columns = text.split("\\s+");
      if (columns.length < 3) {
        throw new IllegalArgumentException("An allow-list row needs who, method and path: " + text);
      }
      Set<String> who = new LinkedHashSet<>(Arrays.asList(columns[0].split(",")));
      for (String group : who) {
        if (!KNOWN_GROUPS.contains(group)) {
          throw new IllegalArgumentException("An allow-list row names a group that does not exist: " + group);
        }
      }
      Set<String> members = new LinkedHashSet<>();
      Set<String> ownMembers = new LinkedHashSet<>();
      Set<String> parameters = new LinkedHashSet<>();
      Set<String> ownParameters = new LinkedHashSet<>();
      boolean anyParameter = false;
      boolean anyMember = false;
      boolean multipart = false;
      for (String token : Arrays.asList(columns).subList(3, columns.length)) {
        if (token.equals("?*")) {
          anyParameter = true;
        } else if (token.equals("*")) {
          anyMember = true;
        } else if (token.equals("multipart")) {
          multipart = true;
        } else if (token.startsWith("?") && token.endsWith("=self")) {
          ownParameters.add(token.substring(1, token.length() - "=self".length()));
        } else if (token.startsWith("?")) {
          parameters.add(token.substring(1));
        } else if (token.endsWith("=self")) {
          ownMembers.add(token.substring(0, token.length() - "=self".length()));
        } else {
          members.add(token);
        }
      }
      rows.add(new Row(who, columns[1], columns[2], pattern(columns[2]), members, ownMembers, parameters, ownParameters,
          anyParameter, anyMember, multipart));
    }
    return new AllowList(rows);
  }

  private static final Set<String> KNOWN_GROUPS = Set.of(Roles.MANAGERS, Roles.COACHES, Roles.REVIEWERS,
      Roles.SENIOR_REVIEWERS, Roles.COORDINATORS, Roles.ADMINISTRATORS, Roles.MONITORING);

  private static Pattern pattern(String path) {
    StringBuilder regex = new StringBuilder();
    for (String segment : path.substring(1).split("/")) {
      regex.append('/');
      if (segment.equals("**")) {
        regex.append(".*");
      } else if (segment.equals("{self}")) {
        regex.append("([^/]+)");
      } else if (segment.startsWith("{") && segment.endsWith("}")) {
        regex.append("[^/]+");
      } else {
        regex.append(Pattern.quote(segment));
      }
    }
    // "/x/**" also matches "/x" itself
    String text = regex.toString().replace("/.*", "(?:/.*)?");
    return Pattern.compile(text);
  }
}
