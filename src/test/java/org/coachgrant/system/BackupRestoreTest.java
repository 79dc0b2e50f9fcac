package org.coachgrant.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coachgrant.system.Nodes.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.notification.OutboxDispatcher;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Backup and restore as docs/operations.md ("Backup and restore") gives them: a programme runs to its middle on a
 * node (plans waiting for submission with their reminder timers, under review, approved with the impact report
 * due; one email stored in the outbox and not sent yet), the database is dumped with {@code pg_dump -Fc} while the
 * node runs, the node is stopped, the dump is restored with {@code pg_restore} into a fresh database and a node
 * starts on it. Every plan carries on to its end, the timers fire (the clock is moved), the email that was waiting
 * is sent once, and no email sent before the dump is sent again.
 */
@Tag("postgres")
class BackupRestoreTest {

  private static final Logger LOG = LoggerFactory.getLogger(BackupRestoreTest.class);
  private static final String ADMIN_URL = System.getenv().getOrDefault("COACHGRANT_TEST_DB_URL",
      "jdbc:postgresql://127.0.0.1:5432/postgres");
  private static final String DB_USER = System.getenv().getOrDefault("COACHGRANT_TEST_DB_USER", "postgres");
  private static final String DB_PASSWORD = System.getenv().getOrDefault("COACHGRANT_TEST_DB_PASSWORD", "");

  private final List<Nodes> started = new ArrayList<>();
  private final List<String> databases = new ArrayList<>();

  @AfterEach
  void dropDatabases() throws Exception {
    started.forEach(Nodes::close);
    for (String database : databases) {
      sql("drop database if exists " + database + " with (force)");
    }
  }

  @Test
  void aRestoredDumpCarriesOnWithEveryPlanTimerAndWaitingEmail(@TempDir Path dir) throws Exception {
    Instant began = Instant.now();
    String original = database("backup");
    CoachgrantTest.MAIL.purgeEmailFromAllMailboxes();
    // the test sends the outbox itself, so that one email is still waiting when the dump is taken
    Nodes before = nodes(original, "--coachgrant.mail.dispatch.enabled=false");
    ConfigurableApplicationContext node = before.start("node1");
    Plans plans = new Plans(before, node);
    long programme = plans.programme("BKP", "100000", "1500", LocalDate.now().plusDays(30));
    ProcessInstance awaitingPlan = plans.request(programme);
    ProcessInstance underReview = plans.request(programme);
    plans.submit(underReview, CoachgrantTest.plan(2, "300"));
    ProcessInstance impactDue = plans.request(programme);
    plans.submit(impactDue, CoachgrantTest.plan(2, "300"));
    plans.review(impactDue, "approve", "Clear plan");
    assertThat(plans.waitingAt(impactDue)).containsExactly(TrainingPlanProcess.TASK_REPORT_IMPACT);
    node.getBean(OutboxDispatcher.class).dispatchDue();
    int sentBefore = CoachgrantTest.MAIL.getReceivedMessages().length;
    assertThat(sentBefore).as("plan requested, received, approved").isGreaterThanOrEqualTo(6);

    ProcessInstance emailWaiting = plans.request(programme);
    List<Long> waiting = plans.jdbc.sql("select id from email_outbox where status = 'PENDING' and process_instance_id = ?")
        .param(emailWaiting.getId()).query(Long.class).list();
    assertThat(waiting).as("the plan requested email of the last plan, stored and not sent").hasSize(1);
    assertThat(plans.jdbc.sql("select count(*) from email_outbox where status = 'PENDING'").query(Integer.class).single())
        .isOne();
    assertThat(engine(node).getManagementService().createJobQuery().timers().count())
        .as("reminder and impact report timers wait").isPositive();

    Path dump = dir.resolve("coachgrant.dump");
    run("pg_dump", "--format=custom", "--file=" + dump, original);
    before.close();
    assertThat(Files.size(dump)).isPositive();

    String restored = database("restored");
    run("pg_restore", "--no-owner", "--exit-on-error", "--dbname=" + restored, dump.toString());
    Nodes after = nodes(restored);
    ConfigurableApplicationContext restoredNode = after.start("node2");
    JdbcClient jdbc = restoredNode.getBean(JdbcClient.class);
    after.awaitOutboxSent(Duration.ofMinutes(1));
    assertThat(jdbc.sql("select status, attempts from email_outbox where id = ?").param(waiting.get(0))
        .query((rs, i) -> rs.getString(1) + "/" + rs.getInt(2)).single())
        .as("the email waiting at the dump went once, from the restored database").isEqualTo("SENT/1");
    assertThat(CoachgrantTest.MAIL.getReceivedMessages()).as("and nothing sent before the dump went again")
        .hasSize(sentBefore + 1);

    // the waiting plan's first reminder fires on the restored node
    Plans restoredPlans = new Plans(after, restoredNode);
    Job reminder = engine(restoredNode).getManagementService().createJobQuery().timers()
        .processInstanceId(awaitingPlan.getId()).orderByJobDuedate().asc().listPage(0, 1).get(0);
    after.moveClockOnceSentTo(reminder.getDuedate().toInstant().plusSeconds(1));
    after.drain(Duration.ofMinutes(2));
    after.awaitOutboxSent(Duration.ofMinutes(1));
    assertThat(jdbc.sql("select count(*) from email_outbox where process_instance_id = ? and template like '%reminder%'")
        .param(awaitingPlan.getId()).query(Integer.class).single()).as("the first reminder, after the restore").isOne();

    restoredPlans.finishEveryPlan();
    after.awaitOutboxSent(Duration.ofMinutes(1));
    assertThat(engine(restoredNode).getHistoryService().createHistoricProcessInstanceQuery()
        .processDefinitionKey(TrainingPlanProcess.KEY).finished().count()).as("every plan carried on to its end").isEqualTo(4);
    assertThat(jdbc.sql("select count(*) from act_ru_incident").query(Integer.class).single()).isZero();
    RollingUpgradeTest.assertEveryEmailWentOnce(jdbc);
    LOG.info("Backup and restore: dumped, restored and carried on in {} s",
        Duration.between(began, Instant.now()).toSeconds());
  }

  private String database(String prefix) throws Exception {
    String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    sql("create database " + name);
    databases.add(name);
    return name;
  }

  private Nodes nodes(String database, String... arguments) {
    Nodes nodes = new Nodes(ADMIN_URL.replaceAll("/[^/?]+(\\?.*)?$", "/" + database), DB_USER, DB_PASSWORD, arguments);
    started.add(nodes);
    return nodes;
  }

  /** Runs a PostgreSQL client program on the tests' server, as an operator would from a shell. */
  private static void run(String program, String... arguments) throws Exception {
    Matcher server = Pattern.compile("jdbc:postgresql://([^:/]+)(?::(\\d+))?/").matcher(ADMIN_URL);
    assertThat(server.find()).as("a PostgreSQL URL: " + ADMIN_URL).isTrue();
    List<String> command = new ArrayList<>(List.of(program, "--host=" + server.group(1),
        "--port=" + (server.group(2) == null ? "5432" : server.group(2)), "--username=" + DB_USER, "--no-password"));
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("PGPASSWORD", DB_PASSWORD);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as(program + " succeeded: " + output).isZero();
  }

  private static void sql(String statement) throws Exception {
    try (Connection connection = DriverManager.getConnection(ADMIN_URL, DB_USER, DB_PASSWORD)) {
      connection.createStatement().execute(statement);
    }
  }
}
