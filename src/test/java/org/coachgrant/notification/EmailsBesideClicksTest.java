package org.coachgrant.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The deadline rush of issue 21: managers submit their plans while the dispatcher sends the instances' emails
 * through a slow mail server. No submission collides with an email (every answer is 204), and every email goes
 * once.
 */
class EmailsBesideClicksTest extends CoachgrantTest {

  private static final int PLANS = 50;

  @Autowired TestRestTemplate http;
  @Autowired JavaMailSenderImpl mailSender;

  @Test
  void fiftyPlansSubmittedWhileTheirEmailsGoThroughASlowMailServerAreAllSavedAndEachEmailGoesOnce() throws Exception {
    Fixture first = fixture("1000000", "1500");
    List<Fixture> settings = new ArrayList<>(List.of(first));
    for (int i = 1; i < PLANS; i++) {
      settings.add(enrol(first.programmeCode(), first.programmeId()));
    }
    List<ProcessInstance> plans = new ArrayList<>();
    for (Fixture f : settings) {
      attendanceWaived(f);
      plans.add(runtime.startProcessInstanceByKey(TrainingPlanProcess.KEY, Map.of(
          TrainingPlanProcess.PROGRAMME_CODE.name(), f.programmeCode(), TrainingPlanProcess.SETTING_URN.name(), f.settingUrn())));
    }
    runJobs();
    assertThat(management.createJobQuery().messages().list()).as("no email waits as a job of its instance")
        .noneMatch(job -> plans.stream().anyMatch(p -> p.getId().equals(job.getProcessInstanceId())));

    int port = mailSender.getPort();
    AtomicBoolean rushOver = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(9);
    try (SlowMailServer slow = new SlowMailServer(port, 50)) {
      mailSender.setPort(slow.port());
      // the dispatcher sends all along, as the scheduled one does on a node
      Future<?> dispatcher = pool.submit(() -> {
        while (!rushOver.get()) {
          sendEmails();
        }
        return null;
      });
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < PLANS; i++) {
        Fixture f = settings.get(i);
        String taskId = task(plans.get(i), TrainingPlanProcess.TASK_SUBMIT).getId();
        answers.add(pool.submit(() -> http.withBasicAuth(f.manager(), PASSWORD).postForEntity("/api/my/tasks/{id}",
            Map.of("variables", planForm("300")), String.class, taskId).getStatusCode().value()));
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> answer : answers) {
        statuses.add(answer.get());
      }
      rushOver.set(true);
      dispatcher.get();
      assertThat(statuses).as("every submission saved, none collided").containsOnly(204);
    } finally {
      mailSender.setPort(port);
      pool.shutdownNow();
    }
    assertThat(management.createJobQuery().messages().list()).as("no email waits as a job of its instance")
        .noneMatch(job -> plans.stream().anyMatch(p -> p.getId().equals(job.getProcessInstanceId())));
    sendEmails();

    for (int i = 0; i < PLANS; i++) {
      assertThat(task(plans.get(i), TrainingPlanProcess.TASK_REVIEW)).isNotNull();
      assertThat(MAIL.getReceivedMessagesForDomain(settings.get(i).manager() + "@example.org"))
          .as("plan requested and plan received, each once").hasSize(2);
    }
    assertThat(jdbc.sql("select count(*) from email_outbox where business_key like ? and status <> 'SENT'")
        .param(first.programmeCode() + "/%").query(Integer.class).single()).isZero();
  }

  /** A mail server that takes {@code delayMillis} before it answers each connection: GreenMail behind a slow link. */
  static final class SlowMailServer implements AutoCloseable {

    private final ServerSocket server;
    private final Thread acceptor;
    /** Connections the mail server was asked for. */
    final java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();

    SlowMailServer(int targetPort, long delayMillis) throws IOException {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      acceptor = new Thread(() -> {
        while (!server.isClosed()) {
          try {
            Socket client = server.accept();
            connections.incrementAndGet();
            daemon(() -> relay(client, targetPort, delayMillis));
          } catch (IOException closed) {
            return;
          }
        }
      }, "slow-mail-server");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    private static Thread daemon(Runnable work) {
      Thread thread = new Thread(work, "slow-mail-relay");
      thread.setDaemon(true);
      thread.start();
      return thread;
    }

    int port() {
      return server.getLocalPort();
    }

    private static void relay(Socket client, int targetPort, long delayMillis) {
      try (client; Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
        Thread.sleep(delayMillis);
        Thread back = daemon(() -> copy(target, client));
        copy(client, target);
        back.join();
      } catch (IOException | InterruptedException e) {
        // the client or the server hung up
      }
    }

    private static void copy(Socket from, Socket to) {
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) >= 0; ) {
          out.write(buffer, 0, n);
          out.flush();
        }
        to.shutdownOutput();
      } catch (IOException e) {
        // closed
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
