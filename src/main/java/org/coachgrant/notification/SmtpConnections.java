package org.coachgrant.notification;

import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.util.Date;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * One SMTP connection per sending thread, kept from one email to the next. Spring's sender opens a connection for
 * each email: a TCP connection, the greeting and EHLO, and in production STARTTLS and the login, for every one of a
 * national programme's 150,000 emails (a quarter of the outbox's CPU in the benchmark, without TLS).
 *
 * <p>A kept connection is checked before it is used (SMTP's NOOP, which Jakarta Mail sends when asked whether it is
 * connected) and dropped when it has been idle longer than a mail server keeps one open, when the mail server's
 * address changed, or when an email failed on it; the email that failed is not tried again here, but by the
 * outbox's own retries, so an email the server may have taken is never sent twice by this class. The one exception:
 * a kept connection on which the server refuses MAIL FROM, the email's first command (a limit of emails per
 * connection), is replaced and the email sent on the new one, as the server has been given none of it.
 */
final class SmtpConnections {

  /** Mail servers close a connection idle for a minute or more; one idle this long is closed and opened afresh. */
  private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);

  private record Kept(Transport transport, String server, long lastUsed) {}

  private final JavaMailSender sender;
  private final Map<Thread, Kept> kept = new ConcurrentHashMap<>();

  SmtpConnections(JavaMailSender sender) {
    this.sender = sender;
  }

  void send(MimeMessage message) {
    if (!(sender instanceof JavaMailSenderImpl smtp)) {
      sender.send(message);
      return;
    }
    try {
      if (message.getSentDate() == null) {
        message.setSentDate(new Date());
      }
      message.saveChanges();
    } catch (MessagingException e) {
      throw new MailPreparationException(e);
    }
    // as Spring's own sender does: a sender built without a protocol takes the session's, or SMTP
    String protocol = smtp.getProtocol() != null ? smtp.getProtocol() : Objects.requireNonNullElse(
        smtp.getSession().getProperty("mail.transport.protocol"), JavaMailSenderImpl.DEFAULT_PROTOCOL);
    String server = protocol + "://" + smtp.getUsername() + "@" + smtp.getHost() + ":" + smtp.getPort();
    Kept connection = kept.remove(Thread.currentThread());
    if (connection != null && (!connection.server().equals(server)
        || System.nanoTime() - connection.lastUsed() > IDLE_NANOS || !connection.transport().isConnected())) {
      close(connection);
      connection = null;
    }
    boolean reused = connection != null;
    if (connection == null) {
      connection = open(smtp, protocol, server);
    }
    try {
      try {
        connection.transport().sendMessage(message, message.getAllRecipients());
      } catch (SMTPSendFailedException e) {
        if (!reused || !e.getCommand().startsWith("MAIL FROM")) {
          throw e;
        }
        // the server refused the kept connection's next email before it was given any of it (a limit of emails
        // per connection, as Exim's, or a connection it is closing): the email goes once more, on a new connection
        close(connection);
        connection = open(smtp, protocol, server);
        connection.transport().sendMessage(message, message.getAllRecipients());
      }
      kept.put(Thread.currentThread(), new Kept(connection.transport(), server, System.nanoTime()));
    } catch (MessagingException | RuntimeException e) {
      close(connection);
      throw e instanceof MailException mail ? mail : new MailSendException("The mail server did not take the email", e);
    }
  }

  private static Kept open(JavaMailSenderImpl smtp, String protocol, String server) {
    try {
      Transport transport = smtp.getSession().getTransport(protocol);
      transport.connect(smtp.getHost(), smtp.getPort(), smtp.getUsername(), smtp.getPassword());
      return new Kept(transport, server, 0);
    } catch (MessagingException e) {
      throw new MailSendException("Cannot connect to the mail server", e);
    }
  }

  /** Closes every kept connection (the node stops). */
  void closeAll() {
    kept.values().forEach(SmtpConnections::close);
    kept.clear();
  }

  private static void close(Kept connection) {
    try {
      connection.transport().close();
    } catch (MessagingException | RuntimeException e) {
      // already gone
    }
  }
}
