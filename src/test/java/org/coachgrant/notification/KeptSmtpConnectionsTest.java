package org.coachgrant.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.coachgrant.CoachgrantTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox's kept SMTP connections against a mail server that misbehaves as real ones do: it closes a connection
 * after a few messages, answers NOOP with 421 or not at all, refuses a recipient, hangs up in the middle of an
 * email, or moves. Every email still goes once, a failure waits for the outbox's retries, and no email is given to
 * a server that is no longer the configured one. One sending thread, so "the next email" is on the same connection.
 */
class KeptSmtpConnectionsTest extends CoachgrantTest {

  private static final EmailTemplates.Email EMAIL = new EmailTemplates.Email("Subject", "Text", "<p>Html</p>");

  @Autowired Outbox outbox;
  @Autowired TransactionTemplate transaction;

  private final FakeMailServer server = new FakeMailServer();
  private final JavaMailSenderImpl sender = new JavaMailSenderImpl();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final String domain = "kept-" + UUID.randomUUID().toString().substring(0, 8) + ".example.org";
  private OutboxDispatcher oneThread;

  KeptSmtpConnectionsTest() throws IOException {}

  @BeforeEach
  void oneSendingThreadOnTheFakeServer() {
    sender.setHost("127.0.0.1");
    sender.setPort(server.port());
    Properties properties = new Properties();
    // production waits 10 seconds for an answer; a second is as good a test of a server that never answers
    properties.setProperty("mail.smtp.connectiontimeout", "1000");
    properties.setProperty("mail.smtp.timeout", "1000");
    sender.setJavaMailProperties(properties);
    oneThread = new OutboxDispatcher(jdbc, outbox, sender, transaction, List.of(), "Coachgrant <coachgrant@example.org>",
        100, Duration.ofMinutes(2), 8, Duration.ofMinutes(1), 1, true, meters);
  }

  @AfterEach
  void stop() throws IOException {
    oneThread.stop();
    server.close();
  }

  @Test
  void aServerThatClosesTheConnectionAfterEveryThreeMessagesGetsEachEmailOnceAndNoneFails() {
    server.closeAfter = 3;
    tenEmailsArriveEachOnceOverFourConnections();
  }

  @Test
  void aServerThatRefusesTheFourthMailFromWith421AndClosesGetsEachEmailOnceAndNoneFails() {
    // Exim's smtp_accept_max_per_connection, and hosted mail services' messages-per-connection limits: the server
    // answers NOOP, then refuses the next MAIL FROM with 421 and closes; no byte of the email has reached it
    server.refuseMailAfter = 3;
    tenEmailsArriveEachOnceOverFourConnections();
  }

  private void tenEmailsArriveEachOnceOverFourConnections() {
    List<String> to = enqueue(10);
    assertThat(send()).isEqualTo(10);
    assertThat(server.delivered).containsExactlyElementsOf(to);
    assertThat(server.connections.get()).isEqualTo(4);
    assertNoneFailed();
  }

  @Test
  void aServerThatRefusesEveryMailFromIsAskedOnceMoreOnANewConnectionAndNoMore() {
    enqueue(1);
    assertThat(send()).isOne();
    server.refuseEveryMail = true;
    long id = enqueue("refused@" + domain);
    assertThat(send()).isZero();
    assertThat(server.refusedMailFroms.get()).as("on the kept connection, then on a new one").isEqualTo(2);
    Outbox.Entry entry = outbox.find(id).orElseThrow();
    assertThat(entry.status()).isEqualTo(Outbox.PENDING);
    assertThat(entry.attempts()).isOne();
    assertThat(entry.lastError()).startsWith("421 4.7.0");
  }

  /** A NOOP answered 421 (the server is closing the connection) or never answered (it times out). */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(value = FakeMailServer.Noop.class, names = {"CLOSING", "SILENT"})
  void aKeptConnectionWhoseNoopFailsIsReplacedAndTheNextEmailGoesOverAFreshOne(FakeMailServer.Noop noop) {
    List<String> first = enqueue(1);
    assertThat(send()).isOne();
    server.noop = noop;
    List<String> second = enqueue(1);
    assertThat(send()).isOne();
    assertThat(server.connections.get()).isEqualTo(2);
    assertThat(server.delivered).containsExactly(first.get(0), second.get(0));
    assertNoneFailed();
  }

  @Test
  void aRecipientRefusedWith550WaitsForTheOutboxsRetryWithAReadableReasonAndTheNextEmailGoes() {
    String good = "good@" + domain;
    String bad = "nobody@" + domain;
    String next = "next@" + domain;
    server.refused = bad;
    enqueue(good);
    long refused = enqueue(bad);
    enqueue(next);
    assertThat(send()).isEqualTo(2);
    assertThat(server.delivered).containsExactly(good, next);
    Outbox.Entry entry = outbox.find(refused).orElseThrow();
    assertThat(entry.status()).isEqualTo(Outbox.PENDING);
    assertThat(entry.attempts()).isOne();
    assertThat(entry.nextAttemptAt()).isAfter(ClockUtil.getCurrentTime());
    assertThat(entry.lastError()).contains("550", "<" + bad + ">", "no such mailbox")
        .doesNotContain("jakarta.", "org.", "com.", "Exception");
    assertThat(failedAttempts()).isOne();
  }

  @Test
  void aConnectionDroppedInTheMiddleOfAnEmailLeavesItUnsentForTheOutboxsRetryNotSentAgainAtOnce() {
    String dropped = "dropped@" + domain;
    String next = "next@" + domain;
    server.dropInData = dropped;
    long id = enqueue(dropped);
    enqueue(next);
    assertThat(send()).isOne();
    assertThat(server.delivered).containsExactly(next);
    assertThat(server.dataStarted).as("the dropped email was given to the server once").containsOnlyOnce(dropped);
    Outbox.Entry entry = outbox.find(id).orElseThrow();
    assertThat(entry.status()).isEqualTo(Outbox.PENDING);
    assertThat(entry.sentAt()).isNull();
    assertThat(entry.attempts()).isOne();
    assertThat(entry.lastError()).isEqualTo("the mail server closed the connection");

    assertThat(send()).as("not before its wait is over").isZero();
    assertThat(server.dataStarted).containsOnlyOnce(dropped);

    server.dropInData = null;
    ClockUtil.setCurrentTime(new Date(entry.nextAttemptAt().getTime() + 1000));
    assertThat(send()).isOne();
    assertThat(server.delivered).containsExactly(next, dropped);
    assertThat(outbox.find(id).orElseThrow().status()).isEqualTo(Outbox.SENT);
    assertThat(outbox.find(id).orElseThrow().attempts()).isEqualTo(2);
  }

  @Test
  void whenTheMailServersPortChangesNoEmailGoesToTheOldServer() throws IOException {
    List<String> before = enqueue(2);
    assertThat(send()).isEqualTo(2);
    try (FakeMailServer moved = new FakeMailServer()) {
      sender.setPort(moved.port());
      List<String> after = enqueue(3);
      assertThat(send()).isEqualTo(3);
      assertThat(server.delivered).as("the old server").containsExactlyElementsOf(before);
      assertThat(server.mailFroms.get()).isEqualTo(2);
      assertThat(moved.delivered).containsExactlyElementsOf(after);
      assertThat(moved.connections.get()).isOne();
    }
    assertNoneFailed();
  }

  private List<String> enqueue(int emails) {
    List<String> recipients = new ArrayList<>();
    for (int i = 0; i < emails; i++) {
      String recipient = "p" + UUID.randomUUID().toString().substring(0, 8) + "@" + domain;
      enqueue(recipient);
      recipients.add(recipient);
    }
    return recipients;
  }

  private long enqueue(String recipient) {
    String key = domain + "/" + recipient;
    outbox.enqueue(key, "plan-requested", recipient, EMAIL, null, null);
    return jdbc.sql("select id from email_outbox where message_key = ?").param(key).query(Long.class).single();
  }

  /** Sends this test's emails due now, on the one sending thread. */
  private int send() {
    List<Long> own = jdbc.sql("select id from email_outbox where message_key like ?").param(domain + "/%")
        .query(Long.class).list();
    return oneThread.dispatchDue(email -> own.contains(email.id()));
  }

  private void assertNoneFailed() {
    assertThat(failedAttempts()).isZero();
    assertThat(jdbc.sql("select count(*) from email_outbox where message_key like ? and (status <> 'SENT' or attempts <> 1)")
        .param(domain + "/%").query(Integer.class).single()).isZero();
  }

  private double failedAttempts() {
    return meters.get("coachgrant.outbox.attempts").tag("outcome", "failed").counter().count();
  }

  /** A mail server on 127.0.0.1 that speaks just enough SMTP, and misbehaves as told. */
  static final class FakeMailServer implements AutoCloseable {

    enum Noop { OK, CLOSING, SILENT }

    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger mailFroms = new AtomicInteger();
    /** The recipient of each email the server took (answered 250 after its DATA), in order. */
    final List<String> delivered = new CopyOnWriteArrayList<>();
    /** The recipient of each email whose DATA began. */
    final List<String> dataStarted = new CopyOnWriteArrayList<>();
    /** Closes a connection after this many emails (0: never). */
    volatile int closeAfter;
    /** Refuses the next MAIL FROM with 421, and closes, after this many emails on a connection (0: never). */
    volatile int refuseMailAfter;
    /** Refuses every MAIL FROM with 421, and closes. */
    volatile boolean refuseEveryMail;
    final AtomicInteger refusedMailFroms = new AtomicInteger();
    volatile Noop noop = Noop.OK;
    /** The recipient refused at RCPT TO with 550. */
    volatile String refused;
    /** The recipient whose email's DATA is cut off halfway. */
    volatile String dropInData;

    FakeMailServer() throws IOException {
      Thread acceptor = new Thread(() -> {
        while (!server.isClosed()) {
          try {
            Socket client = server.accept();
            connections.incrementAndGet();
            Thread session = new Thread(() -> talk(client), "fake-mail-session");
            session.setDaemon(true);
            session.start();
          } catch (IOException closed) {
            return;
          }
        }
      }, "fake-mail-server");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return server.getLocalPort();
    }

    private void talk(Socket client) {
      try (client) {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = client.getOutputStream();
        reply(out, "220 fake.example.org ESMTP");
        int emails = 0;
        List<String> recipients = new ArrayList<>();
        for (String line; (line = in.readLine()) != null; ) {
          String command = line.toUpperCase(Locale.ROOT);
          if (command.startsWith("EHLO") || command.startsWith("HELO")) {
            reply(out, "250 fake.example.org");
          } else if (command.startsWith("MAIL FROM")) {
            if (refuseEveryMail || refuseMailAfter > 0 && emails >= refuseMailAfter) {
              refusedMailFroms.incrementAndGet();
              reply(out, "421 4.7.0 fake.example.org Too many messages on one connection, closing");
              return;
            }
            mailFroms.incrementAndGet();
            recipients.clear();
            reply(out, "250 2.1.0 Ok");
          } else if (command.startsWith("RCPT TO")) {
            String address = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
            if (address.equals(refused)) {
              reply(out, "550 5.1.1 <" + address + ">: Recipient address rejected: no such mailbox");
            } else {
              recipients.add(address);
              reply(out, "250 2.1.5 Ok");
            }
          } else if (command.equals("DATA")) {
            if (recipients.isEmpty()) {
              reply(out, "503 5.5.1 No valid recipients");
              continue;
            }
            reply(out, "354 End data with <CR><LF>.<CR><LF>");
            dataStarted.addAll(recipients);
            if (recipients.contains(dropInData)) {
              in.readLine();
              return;
            }
            for (String data; (data = in.readLine()) != null && !data.equals("."); ) {
              // the email's lines
            }
            delivered.addAll(recipients);
            emails++;
            reply(out, "250 2.0.0 Ok: queued");
            if (closeAfter > 0 && emails >= closeAfter) {
              return;
            }
          } else if (command.equals("NOOP")) {
            if (noop == Noop.CLOSING) {
              reply(out, "421 4.4.2 fake.example.org Timeout exceeded, closing");
              return;
            }
            if (noop == Noop.OK) {
              reply(out, "250 2.0.0 Ok");
            }
          } else if (command.equals("RSET")) {
            recipients.clear();
            reply(out, "250 2.0.0 Ok");
          } else if (command.equals("QUIT")) {
            reply(out, "221 2.0.0 Bye");
            return;
          } else {
            reply(out, "502 5.5.2 Command not recognised");
          }
        }
      } catch (IOException e) {
        // the client hung up
      }
    }

    private static void reply(OutputStream out, String line) throws IOException {
      out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
