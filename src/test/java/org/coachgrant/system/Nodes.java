package org.coachgrant.system;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.AcquireJobsCmd;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.coachgrant.CoachgrantApplication;
import org.coachgrant.CoachgrantTest;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Application nodes on one database, as docker-compose.yml runs them: each a Spring context with its own engine,
 * web server (a free port) and job executor, mail to the tests' GreenMail. The clock is moved, never waited for (the
 * engines of one JVM share it); {@link #drain} waits until the job executors have run every job that is due. Used by
 * the cluster test and the benchmark.
 */
public final class Nodes implements AutoCloseable {

  private final String url;
  private final String user;
  private final String password;
  private final List<String> extraArguments;
  private final List<ConfigurableApplicationContext> running = new ArrayList<>();
  /** Nodes that died: their locked jobs are not runnable until the lock runs out. */
  private final List<String> dead = new ArrayList<>();

  public Nodes(String url, String user, String password, String... extraArguments) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.extraArguments = List.of(extraArguments);
  }

  /** Starts a node; its name is its engine's and its jobs' lock owner (ACT_RU_JOB.LOCK_OWNER_). */
  public ConfigurableApplicationContext start(String name) {
    return start(name, List.of());
  }

  /**
   * Starts a node with {@code arguments} of its own after the nodes' (a later one wins) and {@code sources} beside
   * the application's (a bean of their own in place of the application's).
   */
  public ConfigurableApplicationContext start(String name, List<String> arguments, Class<?>... sources) {
    List<Class<?>> all = new ArrayList<>(List.of(CoachgrantApplication.class));
    all.addAll(List.of(sources));
    List<String> nodeArguments = new ArrayList<>(List.of("--spring.datasource.url=" + url,
        "--spring.datasource.username=" + user, "--spring.datasource.password=" + password,
        "--spring.datasource.hikari.maximum-pool-size=20",
        "--spring.mail.port=" + CoachgrantTest.MAIL.getSmtp().getPort(),
        "--server.port=0",
        "--camunda.bpm.process-engine-name=" + name,
        "--camunda.bpm.job-execution.enabled=true",
        "--camunda.bpm.generic-properties.properties.job-executor-activate=true",
        // the clock is moved and the executors woken by the caller: no idle back-off of seconds
        "--camunda.bpm.job-execution.wait-time-in-millis=100",
        "--camunda.bpm.job-execution.max-wait=500",
        "--coachgrant.mail.dispatch.enabled=true",
        "--coachgrant.mail.dispatch.every=PT0.2S",
        "--logging.level.org.coachgrant.notification.Outbox=warn"));
    nodeArguments.addAll(extraArguments);
    nodeArguments.addAll(arguments);
    ConfigurableApplicationContext context = new SpringApplicationBuilder(all.toArray(Class<?>[]::new)).profiles("test")
        .run(nodeArguments.toArray(String[]::new));
    executor(context).setLockOwner(name);
    running.add(context);
    return context;
  }

  public List<ConfigurableApplicationContext> running() {
    return List.copyOf(running);
  }

  public ConfigurableApplicationContext get(int index) {
    return running.get(index);
  }

  public static ProcessEngine engine(ConfigurableApplicationContext node) {
    return node.getBean(ProcessEngine.class);
  }

  public static JobExecutor executor(ConfigurableApplicationContext node) {
    return ((ProcessEngineConfigurationImpl) engine(node).getProcessEngineConfiguration()).getJobExecutor();
  }

  public static int port(ConfigurableApplicationContext node) {
    return Integer.parseInt(node.getEnvironment().getProperty("local.server.port"));
  }

  /** Jobs due now (the clock's) that a job executor may run: not failed for good, nor held by a dead node. */
  public long due() {
    return running.get(0).getBean(JdbcClient.class).sql("select count(*) from act_ru_job where retries_ > 0"
            + " and suspension_state_ = 1 and (duedate_ is null or duedate_ <= :now)"
            // a job no node holds, or one a living node holds, or one whose dead holder's lock has run out
            + " and (lock_owner_ is null or lock_owner_ not in (:dead) or lock_exp_time_ <= :now)")
        .param("now", ClockUtil.getCurrentTime()).param("dead", dead.isEmpty() ? List.of("-") : dead)
        .query(Long.class).single();
  }

  /** Waits until the job executors have run every job due now, or fails after {@code atMost}. */
  public void drain(Duration atMost) throws InterruptedException {
    Instant until = Instant.now().plus(atMost);
    while (due() > 0) {
      if (Instant.now().isAfter(until)) {
        throw new IllegalStateException("jobs not drained within " + atMost);
      }
      running.forEach(n -> executor(n).jobWasAdded());
      Thread.sleep(100);
    }
  }

  /**
   * Waits until the nodes' outbox dispatchers have sent every email due now (they run every 0.2 s on real time, not
   * on the moved clock), or fails after {@code atMost}.
   */
  public void awaitOutboxSent(Duration atMost) throws InterruptedException {
    Instant until = Instant.now().plus(atMost);
    JdbcClient jdbc = running.get(0).getBean(JdbcClient.class);
    while (jdbc.sql("select count(*) from email_outbox where status = 'PENDING' and next_attempt_at <= ?")
        .param(ClockUtil.getCurrentTime()).query(Long.class).single() > 0) {
      if (Instant.now().isAfter(until)) {
        throw new IllegalStateException("emails not sent within " + atMost);
      }
      Thread.sleep(100);
    }
  }

  /** The node locks the jobs its next acquisition would take, as its acquisition thread does, and dies. */
  public long acquireAndDie(ConfigurableApplicationContext node, String name) {
    ProcessEngineConfigurationImpl engine = (ProcessEngineConfigurationImpl) engine(node).getProcessEngineConfiguration();
    long locked = engine.getCommandExecutorTxRequired().execute(new AcquireJobsCmd(engine.getJobExecutor()))
        .getJobIdBatches().stream().mapToLong(List::size).sum();
    node.close();
    running.remove(node);
    dead.add(name);
    return locked;
  }

  /** Runs {@code action} as {@code user}, with their groups, as a REST call or Tasklist would. */
  public static void as(ConfigurableApplicationContext node, String user, Runnable action) {
    IdentityService identity = engine(node).getIdentityService();
    identity.setAuthentication(user, identity.createGroupQuery().groupMember(user).list().stream().map(Group::getId).toList());
    try {
      action.run();
    } finally {
      identity.clearAuthentication();
    }
  }

  /** A person in {@code group}, with the password "demo". */
  public static void person(ConfigurableApplicationContext node, String id, String group) {
    IdentityService identity = engine(node).getIdentityService();
    if (identity.createGroupQuery().groupId(group).count() == 0) {
      identity.saveGroup(identity.newGroup(group));
    }
    User person = identity.newUser(id);
    person.setFirstName(id);
    person.setLastName("Example");
    person.setEmail(id + "@example.org");
    person.setPassword("demo");
    identity.saveUser(person);
    identity.createMembership(id, group);
  }

  public static void moveClockTo(Instant instant) {
    ClockUtil.setCurrentTime(Date.from(instant));
  }

  /**
   * Moves the clock once the outbox holds no email due: a dispatcher claims an email until a time on this clock, so a
   * clock moved past the claim while a node is sending would let the other node send the email too.
   */
  public void moveClockOnceSentTo(Instant instant) throws InterruptedException {
    awaitOutboxSent(Duration.ofMinutes(2));
    moveClockTo(instant);
  }

  @Override
  public void close() {
    running.forEach(ConfigurableApplicationContext::close);
    running.clear();
    ClockUtil.reset();
  }
}
