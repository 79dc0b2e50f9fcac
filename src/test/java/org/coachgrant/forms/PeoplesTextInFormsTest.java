package org.coachgrant.forms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.spin.plugin.variable.SpinValues;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.coaching.Coaching;
import org.coachgrant.coaching.CoachingGroups;
import org.coachgrant.coaching.CoachingProcess;
import org.coachgrant.coaching.Sessions;
import org.coachgrant.grant.GrantService;
import org.coachgrant.programme.Enrolments;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.coachgrant.goals.CoachingGoals;
import org.coachgrant.goals.CoachingGoalsProcess;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Every variable a form's text shows ({@code {{name}}} in a text component of forms/*.form, which Tasklist
 * renders as Markdown with HTML allowed) is inert: a programme, settings, a review comment, an impact
 * comment and a plan made of markup are carried through every form by the code that really sets the
 * variables, and each variable each form shows is checked on the task. A form that shows a new variable
 * fails here until the walk reaches it.
 */
class PeoplesTextInFormsTest extends CoachgrantTest {

  /** ruth's phishing comment, and everything else Markdown, HTML and FEEL could make of a name or a comment. */
  static final String HOSTILE = "## Urgent: your grant is suspended [Sign in again here](http://evil.example)"
      + " <div>x</div> {{programmeCode}} www.evil.example a@evil.example &lt; ![i](ftp://evil.example/i)"
      + "\n1. **now** `code` | a |";
  /** What everyone must read of it, word for word, wherever it is shown. */
  static final String FIRST_LINE = HOSTILE.lines().findFirst().orElseThrow();

  /** The variables that hold what people typed: each must show {@link #HOSTILE} as it was typed. */
  static final Set<String> PEOPLES_TEXT = Set.of("settingName", "programmeName", "reviewComment",
      "changesSinceLastVersion", "commentHistory");
  /** Bullets Coachgrant itself writes ({@link FormText#markdownList}). */
  static final Set<String> LISTS = Set.of("changesSinceLastVersion", "commentHistory", "earlierGrants");

  @Autowired Enrolments enrolments;
  @Autowired Coaching coaching;
  @Autowired CoachingGoals coachingGoals;
  @Autowired CoachingGroups groups;
  @Autowired Sessions sessions;
  @Autowired GrantService grants;

  /** form id → the variables seen with a value on one of its tasks. */
  private final Map<String, Set<String>> seen = new TreeMap<>();

  @Test
  void everyVariableAFormShowsAsTextIsInertThoughPeopleTypedMarkupIntoIt() throws Exception {
    Map<String, Set<String>> shown = shownVariables();
    assertThat(shown).as("the forms' text shows variables").isNotEmpty();

    coachingWithMarkupInTheSettingsNames();
    ClockUtil.reset();
    planAndGrantWithMarkupEverywhere();

    Map<String, Set<String>> expected = new TreeMap<>(shown);
    expected.values().removeIf(Set::isEmpty);
    assertThat(seen).as("every variable of every form's text reached with a value: a form showing a new variable"
        + " needs it in this walk, with markup in it if people type it").isEqualTo(expected);
  }

  @Test
  void aFormsTextComputesOnlyFromItsOwnFieldsBeyondPlainVariables() throws Exception {
    // {{name}} is checked above; anything else in {{…}} must read only what the person types in the same form
    for (Resource form : forms()) {
      JsonNode schema = new ObjectMapper().readTree(read(form));
      Set<String> fields = new TreeSet<>();
      components(schema).forEach(c -> {
        if (c.hasNonNull("key")) {
          fields.add(c.get("key").asText());
        }
        if (c.hasNonNull("path")) {
          fields.add(c.get("path").asText());
        }
      });
      for (JsonNode c : components(schema)) {
        if (!"text".equals(c.path("type").asText())) {
          continue;
        }
        for (String template : templates(c.path("text").asText())) {
          if (template.matches("\\s*[A-Za-z_][A-Za-z0-9_]*\\s*")) {
            continue;
          }
          assertThat(freeNames(template)).as(form.getFilename() + ": {{" + template + "}} reads only the form's own fields")
              .isSubsetOf(fields);
        }
      }
    }
  }

  @Test
  void noFormShowsAVariableAsHtmlAnImageOrAFrame() {
    // form-js renders an "html" component's {{…}} as HTML (FormText escapes for Markdown), and an image's or a
    // frame's source fetches whatever address a variable holds; every other component shows its values as text
    for (Resource form : forms()) {
      for (JsonNode c : components(readJson(form))) {
        assertThat(c.path("type").asText()).as(form.getFilename() + ": " + c.path("id").asText())
            .isNotIn("html", "image", "iframe");
      }
    }
  }

  private void coachingWithMarkupInTheSettingsNames() {
    person("carl", "coaches");
    Fixture f = hostileProgramme("100000", "1500");
    Fixture second = hostileSetting(f);
    coaching.allocate(f.programmeCode());
    CoachingGroups.Group group = groups.groups(f.programmeId()).get(0);
    Instant start = Instant.now().plus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
    coaching.schedule(f.programmeCode(), 1, List.of(new Coaching.SessionInput(start, null, "Library"),
        new Coaching.SessionInput(start.plus(7, ChronoUnit.DAYS), null, "Library"),
        new Coaching.SessionInput(start.plus(14, ChronoUnit.DAYS), null, "Library")));
    runSession(f, group, 1, Set.of(f.settingUrn(), second.settingUrn()));
    look(tasks.createTaskQuery().taskAssignee(f.manager()).taskDefinitionKey(CoachingProcess.TASK_GIVE_FEEDBACK).singleResult());
    // her coaching goals, in markup, which her coach's review shows
    ProcessInstance goals = runtime.createProcessInstanceQuery().processDefinitionKey(CoachingGoalsProcess.KEY)
        .processInstanceBusinessKey(CoachingGoalsProcess.businessKey(f.programmeCode(), f.settingUrn())).singleResult();
    complete(goals, CoachingGoalsProcess.TASK_SET_GOALS, f.manager(), hostileGoals());
    runSession(f, group, 2, Set.of(f.settingUrn()));
    look(goals, CoachingGoalsProcess.TASK_REVIEW_GOALS);
    runSession(f, group, 3, Set.of(f.settingUrn(), second.settingUrn()));
    look(tasks.createTaskQuery().processInstanceBusinessKey(f.programmeCode() + "/G1")
        .taskDefinitionKey(CoachingProcess.TASK_RESOLVE_MISSED).singleResult());
  }

  private void planAndGrantWithMarkupEverywhere() {
    Fixture f = hostileProgramme("1000", "3000");
    Fixture late = hostileSetting(f);
    // the plan's forms show her coaching goals
    coachingGoals.set(f.programmeId(), f.settingId(), List.of(1, 2, 3).stream().map(n -> new CoachingGoals.Goal(
        ONE_LINE + " " + n, ONE_LINE, ONE_LINE)).toList(), f.manager());
    ProcessInstance lateInstance = requestPlan(late);
    ProcessInstance instance = requestPlan(f);
    look(instance, TrainingPlanProcess.TASK_SUBMIT);

    Map<String, Object> first = plan(5, "500");
    first.put("cascadingPlan", HOSTILE);
    submitPlan(instance, f.manager(), first);
    look(instance, TrainingPlanProcess.TASK_REVIEW);
    review(instance, "ruth", "changes", HOSTILE);
    look(instance, TrainingPlanProcess.TASK_SUBMIT);
    submitPlan(instance, f.manager(), plan(5, "500"));
    look(instance, TrainingPlanProcess.TASK_REVIEW);
    review(instance, "vera", "approve", null);
    look(instance, TrainingPlanProcess.TASK_SENIOR_APPROVAL);
    complete(instance, TrainingPlanProcess.TASK_SENIOR_APPROVAL, "sam", Map.of("seniorDecision", "approve"));
    look(instance, TrainingPlanProcess.TASK_RESOLVE_BUDGET);
    complete(instance, TrainingPlanProcess.TASK_RESOLVE_BUDGET, "cora", Map.of("budgetDecision", "topUp", "topUpAmount", 5000));
    look(instance, TrainingPlanProcess.TASK_REPORT_IMPACT);

    LocalDate due = grants.forPlan(planId(instance)).orElseThrow().impactDue();
    moveClockTo(due.plusDays(1));
    executeJobs();
    look(lateInstance, TrainingPlanProcess.TASK_HANDLE_OVERDUE);
    look(instance, TrainingPlanProcess.TASK_HANDLE_OVERDUE_IMPACT);
    complete(instance, TrainingPlanProcess.TASK_HANDLE_OVERDUE_IMPACT, "cora", Map.of("impactOverdueDecision", "extend",
        "newDueDate", due.plusDays(21).toString(), "impactOverdueReason", "Course moved"));
    complete(instance, TrainingPlanProcess.TASK_REPORT_IMPACT, f.manager(), withGoalChanges(impact(true, 5, "2400")));
    look(instance, TrainingPlanProcess.TASK_REVIEW_IMPACT);
    complete(instance, TrainingPlanProcess.TASK_REVIEW_IMPACT, "ruth", decision("moreInfo", HOSTILE));
    look(instance, TrainingPlanProcess.TASK_REPORT_IMPACT);
    complete(instance, TrainingPlanProcess.TASK_REPORT_IMPACT, f.manager(), withGoalChanges(impact(true, 5, "2400")));
    complete(instance, TrainingPlanProcess.TASK_REVIEW_IMPACT, "ruth", decision("accept", null));
    moveClockTo(grants.forPlan(planId(instance)).orElseThrow().followUpDue());
    executeJobs();
    look(instance, TrainingPlanProcess.TASK_FOLLOW_UP);

    // the setting's second grant, in a second programme: its senior approval lists the first, a programme named in markup
    long later = programmes.createProgramme("X" + UUID.randomUUID().toString().substring(0, 8), HOSTILE,
        new BigDecimal("10000"), new BigDecimal("3000"), LocalDate.ofInstant(
            org.camunda.bpm.engine.impl.util.ClockUtil.getCurrentTime().toInstant(), java.time.ZoneId.systemDefault()).plusDays(30));
    programmes.enrol(later, f.settingId());
    ProcessInstance second = requestPlan(new Fixture(programmes.findProgramme(later).orElseThrow().code(), later,
        f.settingUrn(), f.settingId(), f.manager()));
    Map<String, Object> secondPlan = plan(1, "100");
    // the clock has moved on to the first grant's follow-up: the training is planned from then
    java.time.YearMonth month = java.time.YearMonth.from(org.camunda.bpm.engine.impl.util.ClockUtil.getCurrentTime().toInstant()
        .atZone(java.time.ZoneId.systemDefault())).plusMonths(2);
    secondPlan.put("actions", org.camunda.spin.plugin.variable.SpinValues.jsonValue("[{\"course\": \"Elklan\", \"provider\": "
        + "\"Elklan Training\", \"staffCount\": 1, \"costEach\": 100, \"plannedMonth\": \"" + month + "\"}]").create());
    submitPlan(second, f.manager(), secondPlan);
    review(second, "vera", "approve", null);
    look(second, TrainingPlanProcess.TASK_SENIOR_APPROVAL);
  }

  /** {@link #HOSTILE} on one line, as a goal's fields take it. */
  private static final String ONE_LINE = HOSTILE.replace('\n', ' ');

  /** The impact report's answer for each of her three goals: what changed, in markup. */
  private static Map<String, Object> withGoalChanges(Map<String, Object> report) {
    Map<String, Object> values = new HashMap<>(report);
    for (int n = 1; n <= 3; n++) {
      values.put("goalChange" + n, HOSTILE);
    }
    return values;
  }

  private static Map<String, Object> hostileGoals() {
    Map<String, Object> values = new HashMap<>();
    for (int n = 1; n <= 3; n++) {
      values.put("goal" + n, ONE_LINE + " " + n);
      values.put("goalWhy" + n, ONE_LINE);
      values.put("goalKnow" + n, ONE_LINE);
    }
    return values;
  }

  private static Map<String, Object> decision(String decision, String comment) {
    Map<String, Object> values = new HashMap<>();
    values.put("impactDecision", decision);
    values.put("impactComment", comment);
    return values;
  }

  /** A programme named {@link #HOSTILE}, with one setting of that name enrolled as a coordinator enrols it. */
  private Fixture hostileProgramme(String budget, String cap) {
    String code = "X" + UUID.randomUUID().toString().substring(0, 8);
    long id = programmes.createProgramme(code, HOSTILE, new BigDecimal(budget), new BigDecimal(cap),
        LocalDate.now().plusDays(30));
    return hostileSetting(new Fixture(code, id, null, 0, null));
  }

  private Fixture hostileSetting(Fixture programme) {
    String urn = "X" + UUID.randomUUID().toString().substring(0, 8);
    enrolments.enrol(programme.programmeCode(), new Enrolments.Row(HOSTILE, urn, "Mia Example", urn.toLowerCase() + "@example.org"));
    executeJobs();
    var setting = programmes.findSettingByUrn(urn).orElseThrow();
    return new Fixture(programme.programmeCode(), programme.programmeId(), urn, setting.id(), setting.managerUserId());
  }

  private void runSession(Fixture f, CoachingGroups.Group group, int number, Set<String> attended) {
    Sessions.Session session = sessions.find(group.id(), number).orElseThrow();
    ClockUtil.setCurrentTime(Date.from(session.endsAt().plusSeconds(60)));
    executeJobs();
    Task task = tasks.createTaskQuery().processInstanceBusinessKey(f.programmeCode() + "/G1")
        .taskDefinitionKey(CoachingProcess.TASK_RECORD_ATTENDANCE).singleResult();
    look(task);
    actAs(group.coachId());
    try {
      tasks.complete(task.getId(), Map.of("attended", SpinValues.jsonValue(attended.stream().map(u -> "\"" + u + "\"")
          .collect(Collectors.joining(",", "[", "]"))).create()));
    } finally {
      identity.clearAuthentication();
    }
    executeJobs();
  }

  private void look(ProcessInstance instance, String taskKey) {
    look(task(instance, taskKey));
  }

  /** Checks every variable the task's form shows as text. */
  private void look(Task found) {
    assertThat(found).as("the walk reaches its next task").isNotNull();
    Task task = tasks.createTaskQuery().taskId(found.getId()).initializeFormKeys().singleResult();
    String form = task.getCamundaFormRef().getKey();
    for (String variable : shownVariables().getOrDefault(form, Set.of())) {
      Object value = tasks.getVariable(task.getId(), variable);
      if (value == null) {
        continue;
      }
      seen.computeIfAbsent(form, k -> new TreeSet<>()).add(variable);
      String where = form + " shows {{" + variable + "}} = " + value;
      if (value instanceof Number) {
        continue;
      }
      assertThat(value).as(where).isInstanceOf(String.class);
      String text = (String) value;
      // Coachgrant's own bold label before each goal ("**Goal 1:** ...") is the one markup it writes there
      String checked = text.replaceAll("(?m)(^|\n)\\*\\*Goal [1-3]:\\*\\* ", "$1");
      assertThat(markup(checked, LISTS.contains(variable))).as(where).isEmpty();
      if (PEOPLES_TEXT.contains(variable)) {
        assertThat(readAs(text)).as(where + " reads as what was typed").contains(FIRST_LINE);
      }
    }
  }

  private static final String ALWAYS_MARKUP = "`*_[]<>|~{}";

  /**
   * What Markdown, HTML or a FEEL template would make of the text: characters that are markup unless
   * escaped, autolinks, character references, and lines that start a block (list, heading, quote, code).
   */
  static List<String> markup(String text, boolean bulleted) {
    List<String> found = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      String body = bulleted && line.startsWith("- ") ? line.substring(2) : line;
      if (body.matches("(?s)(\\s{4}|\\t|[-+=#]|\\d+[.)]).*")) {
        found.add("a line that starts a block: " + line);
      }
      for (int at = 0; at < body.length(); at++) {
        char c = body.charAt(at);
        if (c == '\\') {
          at++;
          continue;
        }
        String rest = body.substring(at);
        boolean email = c == '@' && at > 0 && String.valueOf(body.charAt(at - 1)).matches("[A-Za-z0-9._+-]")
            && rest.matches("(?s)@[A-Za-z0-9_-].*");
        if (ALWAYS_MARKUP.indexOf(c) >= 0 || email || rest.matches("#+\\s*") || rest.startsWith("://")
            || rest.matches("(?is)www\\..*") || rest.matches("(?s)&#?[A-Za-z0-9]+;.*")) {
          found.add("'" + c + "' at " + at + " of " + line);
        }
      }
    }
    return found;
  }

  /** The text as a reader sees it rendered: escapes gone, bullets and line breaks as spaces. */
  static String readAs(String text) {
    return text.replaceAll("(?m)^- ", "").replaceAll("\\\\(\\p{Punct})", "$1").replaceAll("\\s+", " ");
  }

  // --- the forms ------------------------------------------------------------------------------------

  private static Map<String, Set<String>> shownVariables;

  /** form id → the variables its text components show as {@code {{name}}}. */
  static synchronized Map<String, Set<String>> shownVariables() {
    if (shownVariables == null) {
      Map<String, Set<String>> shown = new TreeMap<>();
      for (Resource form : forms()) {
        JsonNode schema = readJson(form);
        Set<String> names = new TreeSet<>();
        for (JsonNode c : components(schema)) {
          if ("text".equals(c.path("type").asText())) {
            String text = c.path("text").asText();
            templates(text).stream().map(String::strip).filter(t -> t.matches("[A-Za-z_][A-Za-z0-9_]*")).forEach(names::add);
            if (text.startsWith("=")) {
              names.addAll(freeNames(text.substring(1)));
            }
          }
        }
        shown.put(schema.path("id").asText(), names);
      }
      shownVariables = shown;
    }
    return shownVariables;
  }

  private static List<Resource> forms() {
    try {
      return List.of(new PathMatchingResourcePatternResolver().getResources("classpath:forms/*.form"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode readJson(Resource form) {
    try {
      return new ObjectMapper().readTree(read(form));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String read(Resource form) throws IOException {
    try (InputStream in = form.getInputStream()) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private static List<JsonNode> components(JsonNode node) {
    List<JsonNode> all = new ArrayList<>();
    for (JsonNode c : node.path("components")) {
      all.add(c);
      all.addAll(components(c));
    }
    return all;
  }

  /** The insides of each {@code {{…}}}, a FEEL context's own braces included. */
  static List<String> templates(String text) {
    List<String> found = new ArrayList<>();
    int at = text.indexOf("{{");
    while (at >= 0) {
      int depth = 0;
      int end = at + 2;
      for (; end < text.length(); end++) {
        if (text.startsWith("}}", end) && depth == 0) {
          break;
        }
        if (text.charAt(end) == '{') {
          depth++;
        } else if (text.charAt(end) == '}') {
          depth--;
        }
      }
      found.add(text.substring(at + 2, Math.min(end, text.length())));
      at = text.indexOf("{{", end + 2);
    }
    return found;
  }

  private static final Set<String> FEEL = Set.of("for", "in", "return", "if", "then", "else", "null", "and", "or",
      "not", "true", "false", "sum", "number", "string", "decimal", "floor", "substring", "count", "some", "every", "satisfies");

  /** The names a FEEL expression reads from outside: not its keywords, functions, own bindings or members. */
  static Set<String> freeNames(String expression) {
    String code = expression.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"");
    Set<String> bound = new TreeSet<>();
    Matcher binding = Pattern.compile("(?:for\\s+([A-Za-z_]\\w*)\\s+in|([A-Za-z_]\\w*)\\s*:)").matcher(code);
    while (binding.find()) {
      bound.add(binding.group(1) != null ? binding.group(1) : binding.group(2));
    }
    Set<String> free = new TreeSet<>();
    Matcher name = Pattern.compile("(?<![.\\w])([A-Za-z_]\\w*)").matcher(code);
    while (name.find()) {
      String n = name.group(1);
      if (!FEEL.contains(n) && !bound.contains(n)) {
        free.add(n);
      }
    }
    return free;
  }
}
