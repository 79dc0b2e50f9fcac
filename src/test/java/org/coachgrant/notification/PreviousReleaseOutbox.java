package org.coachgrant.notification;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.coachgrant.time.EngineTime;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.web.util.HtmlUtils;

/**
 * The outbox as the previous release (d3ab3e1) had it, for a node that plays that release in the upgrade test
 * (system/RollingUpgradeTest): a send task's job stores its email under its key, sends it to the mail server and
 * marks it sent, all in the job's transaction, and writes only the columns of the schema at V19. So it never
 * leaves a committed PENDING row, and its rows have no {@code next_attempt_at}: this release's dispatcher, which
 * reads {@code status = 'PENDING' and next_attempt_at <= now}, never sends one of them. Its statements are the
 * previous release's {@code Outbox.sendOnce}, word for word; the first password is issued as it was then, as the
 * email is sent.
 */
public class PreviousReleaseOutbox extends Outbox {

  /**
   * Put beside the application's sources: this outbox is the one every send task uses on that node. Not a
   * {@code @Configuration}, which the application's component scan would put into every test's context.
   */
  public static class OnThisNode {

    @Bean
    @Primary
    Outbox previousReleaseOutbox(JdbcClient jdbc, ObjectMapper json, JavaMailSender mailSender,
        List<SecretIssuer> issuers, @Value("${coachgrant.mail.from}") String from) {
      return new PreviousReleaseOutbox(jdbc, json, mailSender, issuers, from);
    }
  }

  private final JdbcClient jdbc;
  private final JavaMailSender mailSender;
  private final List<SecretIssuer> issuers;
  private final String from;

  PreviousReleaseOutbox(JdbcClient jdbc, ObjectMapper json, JavaMailSender mailSender, List<SecretIssuer> issuers,
      String from) {
    super(jdbc, json);
    this.jdbc = jdbc;
    this.mailSender = mailSender;
    this.issuers = issuers;
    this.from = from;
  }

  @Override
  void enqueue(String key, String template, String recipient, EmailTemplates.Email stored, List<Attachment> attachments,
      Secret secret, String processInstanceId, String businessKey) {
    Optional<String> status = jdbc.sql("select status from email_outbox where message_key = ?").param(key)
        .query(String.class).optional();
    if (status.filter("SENT"::equals).isPresent()) {
      return;
    }
    if (status.isEmpty()) {
      jdbc.sql("insert into email_outbox (message_key, template, recipient, subject, body_text, body_html, status,"
              + " process_instance_id, created_at) values (?, ?, ?, ?, ?, ?, 'PENDING', ?, ?)")
          .params(key, template, recipient, stored.subject(), stored.text(), stored.html(), processInstanceId, EngineTime.now())
          .update();
    }
    mailSender.send(message(recipient, stored, attachments, secret));
    jdbc.sql("update email_outbox set status = 'SENT', sent_at = ? where message_key = ?")
        .params(EngineTime.now(), key).update();
  }

  private MimeMessage message(String recipient, EmailTemplates.Email email, List<Attachment> attachments, Secret secret) {
    String text = email.text();
    String html = email.html();
    if (secret != null) {
      String value = issuers.stream().filter(i -> i.kind().equals(secret.kind())).findFirst().orElseThrow()
          .issue(secret.subject()).orElse("(set already)");
      text = text.replace(Secret.MASK, value);
      html = html.replace(HtmlUtils.htmlEscape(Secret.MASK), HtmlUtils.htmlEscape(value));
    }
    MimeMessage message = mailSender.createMimeMessage();
    try {
      MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
      helper.setFrom(from);
      helper.setTo(recipient);
      helper.setSubject(email.subject());
      helper.setText(text, html);
      for (Attachment attachment : attachments) {
        helper.addAttachment(attachment.filename(),
            new ByteArrayResource(attachment.content().getBytes(StandardCharsets.UTF_8)), attachment.contentType());
      }
    } catch (MessagingException e) {
      throw new IllegalStateException("Cannot build the email to " + recipient, e);
    }
    return message;
  }
}
