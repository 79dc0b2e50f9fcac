package org.coachgrant.notification;

import static org.springframework.web.util.HtmlUtils.htmlEscape;

import org.coachgrant.admin.Roles;
import org.coachgrant.security.Callers;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code /mailbox}: every email the application sent, newest first, for the default run without a
 * mail server of its own. Off in production.
 */
@RestController
@ConditionalOnProperty(name = "coachgrant.mail.mailbox-page", havingValue = "true")
class MailboxController {

  private final Outbox outbox;
  private final Callers callers;
  private final org.coachgrant.format.WebFormat fmt;

  MailboxController(Outbox outbox, Callers callers, org.coachgrant.format.WebFormat fmt) {
    this.fmt = fmt;
    this.outbox = outbox;
    this.callers = callers;
  }

  /** Every email holds personal data: only administrators read the mailbox. */
  private void administratorsOnly() {
    callers.requireAnyOf(java.util.Set.of(Roles.ADMINISTRATORS), "The mailbox is for administrators");
  }

  @GetMapping(value = "/mailbox", produces = MediaType.TEXT_HTML_VALUE)
  String mailbox() {
    administratorsOnly();
    StringBuilder rows = new StringBuilder();
    for (Outbox.Entry e : outbox.latest(500)) {
      rows.append("<tr><td>").append(fmt.dateTime(e.createdAt())).append("</td><td>")
          .append(htmlEscape(e.recipient())).append("</td><td><a href=\"/mailbox/").append(e.id()).append("\">")
          .append(htmlEscape(e.subject())).append("</a></td><td>").append(htmlEscape(e.template())).append("</td><td>")
          .append(htmlEscape(status(e))).append("</td></tr>");
    }
    return page("Mailbox", "<p>Every email Coachgrant sent or is sending, newest first.</p><table><tr><th>Created</th><th>To</th>"
        + "<th>Subject</th><th>Template</th><th>Status</th></tr>" + rows + "</table>");
  }

  @GetMapping(value = "/mailbox/{id}", produces = MediaType.TEXT_HTML_VALUE)
  String email(@PathVariable long id) {
    administratorsOnly();
    Outbox.Entry e = outbox.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    return page(htmlEscape(e.subject()), "<p><a href=\"/mailbox\">← Mailbox</a></p><p>To: " + htmlEscape(e.recipient())
        + "</p><p>" + htmlEscape(status(e)) + "</p>" + (e.bodyHtml().isEmpty() ? "<p>The HTML copy is not kept once an email is sent.</p>"
        : "<iframe sandbox srcdoc=\"" + htmlEscape(e.bodyHtml()) + "\"></iframe>") + "<h2>Plain text</h2><pre>"
        + htmlEscape(e.bodyText()) + "</pre>");
  }

  private String status(Outbox.Entry e) {
    return switch (e.status()) {
      case Outbox.SENT -> "Sent " + fmt.dateTime(e.sentAt());
      case Outbox.FAILED -> "Not sent after " + e.attempts() + " tries: " + e.lastError();
      default -> e.attempts() == 0 ? "Waiting to be sent"
          : "Waiting: tried " + e.attempts() + (e.attempts() == 1 ? " time" : " times") + ", again at "
              + fmt.dateTime(e.nextAttemptAt()) + " (" + e.lastError() + ")";
    };
  }

  private static String page(String title, String body) {
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title + " · Coachgrant</title>"
        + "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;"
        + "padding:.4em .8em;text-align:left}iframe{width:100%;height:70vh;border:1px solid #ddd}pre{white-space:pre-wrap}</style></head><body><h1>"
        + title + "</h1>" + body + "</body></html>";
  }
}
