package org.coachgrant.benchmark;

import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.camunda.spin.plugin.variable.SpinValues;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.coaching.Coaching;
import org.coachgrant.coaching.CoachingGroups;
import org.coachgrant.coaching.CoachingProcess;
import org.coachgrant.coaching.Sessions;
import org.coachgrant.notification.EmailTemplates;
import org.coachgrant.programme.EnrolmentImports;
import org.coachgrant.system.SignedInBrowser;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The benchmark ({@code ./mvnw verify -Pbenchmark -Dbenchmark.managers=1000 [-Dbenchmark.db=postgres]}), never part
 * of {@code ./mvnw verify}: N managers through the journey (enrolment CSV, allocation, three sessions with
 * attendance, plan, review, grant, impact report), the clock moved, every email through SMTP (GreenMail); in the
 * same run a bare Camunda process with the same wait states and jobs; and the figures docs/benchmarks.md records.
 * Jobs run on the test's thread, one after another, as {@link CoachgrantTest} runs them (the same for both).
 */
@Tag("benchmark")
class NationalProgrammeBenchmark extends CoachgrantTest {

  private static final Logger LOG = LoggerFactory.getLogger(NationalProgrammeBenchmark.class);
  private static final int MANAGERS = Integer.getInteger("benchmark.managers", 42);
  private static final int WAITING = Integer.getInteger("benchmark.waiting", 10_000);
  private static final boolean POSTGRES = "postgres".equals(System.getProperty("benchmark.db"));
  private static final String ADMIN_URL = System.getenv().getOrDefault("COACHGRANT_TEST_DB_URL",
      "jdbc:postgresql://127.0.0.1:5432/postgres");
  private static final String DB_USER = System.getenv().getOrDefault("COACHGRANT_TEST_DB_USER", "postgres");
  private static final String DB_PASSWORD = System.getenv().getOrDefault("COACHGRANT_TEST_DB_PASSWORD", "");

  /** The run's own PostgreSQL database, dropped at the end. */
  private static String database;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) throws Exception {
    if (POSTGRES) {
      String name = "benchmark_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
      database = name;
      try (Connection c = DriverManager.getConnection(ADMIN_URL, DB_USER, DB_PASSWORD)) {
        c.createStatement().execute("create database " + name);
      }
      registry.add("spring.datasource.url", () -> ADMIN_URL.replaceAll("/[^/?]+(\\?.*)?$", "/" + name));
      registry.add("spring.datasource.username", () -> DB_USER);
      registry.add("spring.datasource.password", () -> DB_PASSWORD);
    }
  }

  @AfterAll
  static void dropDatabase() throws Exception {
    if (database != null) {
      try (Connection c = DriverManager.getConnection(ADMIN_URL, DB_USER, DB_PASSWORD)) {
        c.createStatement().execute("drop database if exists " + database + " with (force)");
      }
    }
  }

  @Autowired EnrolmentImports imports;
  @Autowired Coaching coaching;
  @Autowired Sessions sessions;
  @Autowired EmailTemplates templates;
  @LocalServerPort int port;

  private final List<String> report = new ArrayList<>();

  @Test
  void nationalProgramme() throws Exception {
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    person("carl", "coaches");
    person("cleo", "coaches");
    print("managers", MANAGERS);
    print("database", POSTGRES ? "PostgreSQL" : "H2 (in memory)");
    long sizeBefore = databaseSize();

    // enrolment
    Fixture f = fixture(String.valueOf(600L * MANAGERS + 1000), "1500");
    jdbc.sql("update enrolment set status = 'WITHDRAWN' where programme_id = ?").param(f.programmeId()).update();
    String tag = f.programmeCode().replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
    String csv = "Setting name,URN,Manager name,Email\n" + IntStream.rangeClosed(1, MANAGERS)
        .mapToObj(i -> "Setting %05d,B%s%05d,Manager %05d,m%05d.%s@example.org".formatted(i, tag, i, i, i, tag))
        .collect(Collectors.joining("\n"));
    long began = System.nanoTime();
    long journeyStart = began;
    long importId = imports.start(f.programmeCode(), new StringReader(csv), "cora");
    while (!"FINISHED".equals(imports.find(f.programmeCode(), importId).orElseThrow().state())) {
      runJobsOf("enrolmentImport");
    }
    double enrolSeconds = seconds(began);
    print("enrolment rows/s (import jobs)", MANAGERS / enrolSeconds);
    print("job backlog drain, welcome emails (s)", time(this::executeJobs));

    // coaching
    List<CoachingGroups.Group> groups = coaching.allocate(f.programmeCode());
    Instant start = Instant.now().plus(14, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);
    for (CoachingGroups.Group group : groups) {
      Instant first = start.plus((group.number() - 1) % 40 * 3L, ChronoUnit.HOURS);
      coaching.schedule(f.programmeCode(), group.number(), IntStream.range(0, 3).mapToObj(n ->
          new Coaching.SessionInput(first.plus(7L * n, ChronoUnit.DAYS), null, "Library")).toList());
    }
    print("job backlog drain, invitations (s)", time(this::executeJobs));
    for (int n = 1; n <= 3; n++) {
      Instant over = Instant.EPOCH;
      for (CoachingGroups.Group group : groups) {
        Instant ends = sessions.find(group.id(), n).orElseThrow().endsAt();
        over = ends.isAfter(over) ? ends : over;
      }
      ClockUtil.setCurrentTime(Date.from(over.plusSeconds(60)));
      executeJobs();
      for (CoachingGroups.Group group : groups) {
        Task attendance = tasks.createTaskQuery().processInstanceBusinessKey(f.programmeCode() + "/G" + (
            group.number())).taskDefinitionKey(CoachingProcess.TASK_RECORD_ATTENDANCE).singleResult();
        actAs(group.coachId());
        tasks.complete(attendance.getId(), Map.of("attended", SpinValues.jsonValue(group.members().stream()
            .map(m -> "\"" + m.urn() + "\"").collect(Collectors.joining(",", "[", "]"))).create()));
        identity.clearAuthentication();
      }
      print("job backlog drain, after session " + n + " (s)", time(this::executeJobs));
    }

    // plan, review, grant
    List<Task> submits = tasks.createTaskQuery().taskDefinitionKey(TrainingPlanProcess.TASK_SUBMIT)
        .processInstanceBusinessKeyLike(f.programmeCode() + "/%").list();
    print("plans requested", submits.size());
    long planPhase = System.nanoTime();
    List<Double> completions = new ArrayList<>();
    for (Task submit : submits) {
      completions.add(timed(() -> complete(submit.getId(), submit.getAssignee(), plan(2, "300"))));
    }
    print("job backlog drain, plans received (s)", time(this::executeJobs));
    List<Task> reviews = tasks.createTaskQuery().taskDefinitionKey(TrainingPlanProcess.TASK_REVIEW)
        .processInstanceBusinessKeyLike(f.programmeCode() + "/%").list();
    long listStart = System.nanoTime();
    reviewersList(reviews.size());
    planPhase += System.nanoTime() - listStart;
    for (Task review : reviews) {
      completions.add(timed(() -> complete(review.getId(), "ruth", Map.of("reviewDecision", "approve", "reviewComment", "Clear"))));
    }
    print("job backlog drain, grants committed and released (s)", time(this::executeJobs));
    double planSeconds = seconds(planPhase);
    percentiles("task completion (ms), Coachgrant", completions);

    // impact
    for (Task impact : tasks.createTaskQuery().taskDefinitionKey(TrainingPlanProcess.TASK_REPORT_IMPACT)
        .processInstanceBusinessKeyLike(f.programmeCode() + "/%").list()) {
      complete(impact.getId(), impact.getAssignee(), impact());
    }
    executeJobs();
    for (Task review : tasks.createTaskQuery().taskDefinitionKey(TrainingPlanProcess.TASK_REVIEW_IMPACT)
        .processInstanceBusinessKeyLike(f.programmeCode() + "/%").list()) {
      complete(review.getId(), "cora", Map.of("impactDecision", "accept"));
    }
    executeJobs();
    double journeySeconds = seconds(journeyStart);
    print("journeys/s (whole lifecycle, enrolment to grant closed)", MANAGERS / journeySeconds);
    print("whole run (s)", journeySeconds);
    print("grants closed", jdbc.sql("select count(*) from training_grant where programme_id = ? and status = 'CLOSED'")
        .param(f.programmeId()).query(Integer.class).single());
    print("emails sent", MAIL.getReceivedMessages().length);
    long sizeAfter = databaseSize();
    if (sizeBefore >= 0) {
      print("database size per journey (KB)", (sizeAfter - sizeBefore) / 1024.0 / MANAGERS);
    }

    // the bare engine, same steps as the plan phase
    bare(planSeconds);
    dashboard();
    templates();
    print("peak heap (MB)", ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
        .mapToLong(p -> p.getPeakUsage().getUsed()).sum() / 1024.0 / 1024.0);
    LOG.info("BENCHMARK RESULTS\n{}", String.join("\n", report));
  }

  /** The same wait states and jobs as the plan phase (two user tasks, four jobs, three timers), without Coachgrant. */
  private void bare(double coachgrantPlanSeconds) throws Exception {
    repository().createDeployment().name("bare benchmark")
        .addClasspathResource("benchmark/bareJourney.bpmn").deploy();
    long sizeBefore = databaseSize();
    List<String> instances = new ArrayList<>();
    for (int i = 0; i < MANAGERS; i++) {
      instances.add(runtime.startProcessInstanceByKey("bareJourney", "bare/" + i).getId());
    }
    executeJobs();
    long phase = System.nanoTime();
    List<Double> completions = new ArrayList<>();
    for (Task first : tasks.createTaskQuery().processDefinitionKey("bareJourney").taskDefinitionKey("Task_First").list()) {
      completions.add(timed(() -> tasks.complete(first.getId())));
    }
    executeJobs();
    for (Task second : tasks.createTaskQuery().processDefinitionKey("bareJourney").taskDefinitionKey("Task_Second").list()) {
      completions.add(timed(() -> tasks.complete(second.getId())));
    }
    executeJobs();
    double bareSeconds = seconds(phase);
    percentiles("task completion (ms), bare engine", completions);
    print("plan phase per journey (ms), Coachgrant", coachgrantPlanSeconds * 1000 / MANAGERS);
    print("plan phase per journey (ms), bare engine", bareSeconds * 1000 / MANAGERS);
    print("ratio Coachgrant / bare engine (plan phase: Coachgrant sends 3 emails per journey through SMTP, the bare"
        + " engine none)", coachgrantPlanSeconds / bareSeconds);
    long sizeAfter = databaseSize();
    if (sizeBefore >= 0) {
      print("database size per journey (KB), bare engine", (sizeAfter - sizeBefore) / 1024.0 / MANAGERS);
    }
  }

  /** The reviewer's list through REST and the "Plans to review" filter, with WAITING plans waiting. */
  private void reviewersList(int waiting) throws Exception {
    if (POSTGRES && waiting < WAITING) {
      // more waiting plans than the run made: copies of a real review task, its identity links and authorizations
      String model = tasks.createTaskQuery().taskDefinitionKey(TrainingPlanProcess.TASK_REVIEW).list().get(0).getId();
      int copies = WAITING - waiting;
      jdbc.sql("insert into act_ru_task select (jsonb_populate_record(null::act_ru_task, to_jsonb(t)"
          + " || jsonb_build_object('id_', 'copy' || g))).* from act_ru_task t, generate_series(1, " + copies + ") g"
          + " where t.id_ = ?").param(model).update();
      jdbc.sql("insert into act_ru_identitylink select (jsonb_populate_record(null::act_ru_identitylink, to_jsonb(t)"
          + " || jsonb_build_object('id_', 'copy' || g || t.id_, 'task_id_', 'copy' || g))).* from act_ru_identitylink t,"
          + " generate_series(1, " + copies + ") g where t.task_id_ = ?").param(model).update();
      jdbc.sql("insert into act_ru_authorization select (jsonb_populate_record(null::act_ru_authorization, to_jsonb(t)"
          + " || jsonb_build_object('id_', 'copy' || g || t.id_, 'resource_id_', 'copy' || g))).* from act_ru_authorization t,"
          + " generate_series(1, " + copies + ") g where t.resource_id_ = ?").param(model).update();
      jdbc.sql("analyze").update();
      waiting = WAITING;
      print("review tasks copied by SQL to reach " + WAITING + " waiting", copies);
    }
    print("plans waiting for review", waiting);
    String filter = engine.getFilterService().createFilterQuery().filterName("Plans to review").list().stream()
        .map(Filter::getId).findFirst().orElseThrow();
    HttpClient http = HttpClient.newHttpClient();
    String ruth = "Basic " + Base64.getEncoder().encodeToString("ruth:demo".getBytes());
    for (int i = 0; i < 5; i++) {
      get(http, ruth, "/engine-rest/task?candidateGroup=reviewers&maxResults=15");
    }
    List<Double> rest = new ArrayList<>();
    List<Double> filtered = new ArrayList<>();
    List<Double> counts = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      rest.add(timed(() -> get(http, ruth, "/engine-rest/task?candidateGroup=reviewers&maxResults=15")));
      filtered.add(timed(() -> get(http, ruth, "/engine-rest/filter/" + filter + "/list?firstResult=0&maxResults=15")));
      counts.add(timed(() -> get(http, ruth, "/engine-rest/filter/" + filter + "/count")));
    }
    percentiles("reviewer's list, GET /engine-rest/task?candidateGroup=reviewers&maxResults=15 (ms)", rest);
    percentiles("reviewer's list, Plans to review filter list (ms)", filtered);
    percentiles("reviewer's list, Plans to review filter count (ms)", counts);
    if (POSTGRES) {
      jdbc.sql("delete from act_ru_authorization where resource_id_ like 'copy%'").update();
      jdbc.sql("delete from act_ru_identitylink where task_id_ like 'copy%'").update();
      jdbc.sql("delete from act_ru_task where id_ like 'copy%'").update();
    }
  }

  /** The dashboard of a programme of 10,000 settings (enrolled by SQL: the page reads aggregates of the tables). */
  private void dashboard() throws Exception {
    Fixture big = fixture("15000000", "1500");
    int settings = 10_000;
    List<Object[]> rows = new ArrayList<>();
    String tag = big.programmeCode().replaceAll("[^A-Za-z0-9]", "");
    for (int i = 0; i < settings; i++) {
      rows.add(new Object[] {"D" + tag + i, "Setting " + i, "d" + i + tag, "Manager " + i, "d" + i + "." + tag + "@example.org"});
    }
    var template = new org.springframework.jdbc.core.JdbcTemplate(engine.getProcessEngineConfiguration().getDataSource());
    template.batchUpdate("insert into setting (urn, name, manager_user_id, manager_name, manager_email) values (?, ?, ?, ?, ?)", rows);
    template.update("insert into enrolment (programme_id, setting_id, status, enrolled_at) select ?, id, 'ENROLLED', ?"
        + " from setting where urn like ?", big.programmeId(), new java.sql.Timestamp(System.currentTimeMillis()), "D" + tag + "%");
    SignedInBrowser cora = new SignedInBrowser(port);
    cora.signIn("cora", PASSWORD);
    cora.get("/programmes/" + big.programmeCode());
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      times.add(timed(() -> {
        try {
          if (cora.get("/programmes/" + big.programmeCode()).statusCode() != 200) {
            throw new IllegalStateException("dashboard did not answer 200");
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }));
    }
    percentiles("dashboard of a 10,000-setting programme, /programmes/{code} (ms)", times);
  }

  /** Rendering an email: the parsed templates are cached; a cleared cache is what every email cost before. */
  private void templates() {
    Map<String, Object> model = new HashMap<>();
    model.put("recipient", Map.of("name", "Mia", "email", "mia@example.org"));
    model.put("tasklistUrl", "http://localhost:8080/camunda/app/tasklist/");
    model.put("setting", Map.of("name", "Sunflower", "urn", "EY1"));
    model.put("programme", Map.of("name", "National", "grantCap", "£1,500.00"));
    model.put("plan", Map.of("deadline", "2 June 2027", "daysLeft", 14, "version", 1, "totalRequested", "£600.00"));
    int n = 2000;
    for (int i = 0; i < 200; i++) {
      templates.render("plan-requested", model);
    }
    double cached = time(() -> IntStream.range(0, n).forEach(i -> templates.render("plan-requested", model)));
    double parsed = time(() -> IntStream.range(0, n).forEach(i -> {
      templates.clear();
      templates.render("plan-requested", model);
    }));
    print("email rendering (µs per email), parsed each time", parsed * 1e6 / n);
    print("email rendering (µs per email), parsed templates cached", cached * 1e6 / n);
  }

  private void complete(String taskId, String user, Map<String, Object> values) {
    actAs(user);
    try {
      tasks.complete(taskId, values);
    } finally {
      identity.clearAuthentication();
    }
  }

  private static Map<String, Object> impact() {
    Map<String, Object> report = new HashMap<>();
    report.put("impactActions", SpinValues.jsonValue("[{\"course\": \"Elklan Speech and Language\", \"tookPlace\": true,"
        + " \"staffTrained\": 2, \"actualCost\": 450}]").create());
    report.put("changesForChildren", "Two-year-olds use more words at snack time.");
    report.put("changesInPractice", "Key persons comment instead of asking questions.");
    report.put("colleaguesReached", 6);
    report.put("cascadeHow", "Two staff meetings.");
    report.put("cascadeWhen", "September");
    return report;
  }

  private void runJobsOf(String processKey) {
    management.createJobQuery().processDefinitionKey(processKey).executable().list()
        .forEach(job -> management.executeJob(job.getId()));
  }

  private org.camunda.bpm.engine.RepositoryService repository() {
    return engine.getRepositoryService();
  }

  private long databaseSize() {
    if (!POSTGRES) {
      return -1;
    }
    return jdbc.sql("select pg_database_size(current_database())").query(Long.class).single();
  }

  private void get(HttpClient http, String auth, String path) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static double timed(Runnable action) {
    long t = System.nanoTime();
    action.run();
    return (System.nanoTime() - t) / 1e6;
  }

  private static double time(Runnable action) {
    long t = System.nanoTime();
    action.run();
    return seconds(t);
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private void percentiles(String what, List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    Supplier<String> p = () -> "p50 %.0f, p95 %.0f, p99 %.0f (n=%d)".formatted(at(sorted, 0.50), at(sorted, 0.95),
        at(sorted, 0.99), sorted.size());
    print(what, p.get());
  }

  private static double at(List<Double> sorted, double q) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
  }

  private void print(String what, Object value) {
    String line = "| " + what + " | " + (value instanceof Double d ? "%.1f".formatted(d) : value) + " |";
    report.add(line);
    LOG.info("BENCHMARK {}", line);
  }
}
