package org.coachgrant.coaching;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A coaching session as an iCalendar (RFC 5545) invitation, update or cancellation: one event whose
 * UID stays the same for the session, so a calendar replaces it when the SEQUENCE (the session's
 * revision) goes up.
 */
public final class SessionCalendar {

  public enum Method { REQUEST, CANCEL }

  public record Session(String uid, String title, String description, Instant startsAt, int minutes, String place,
      int revision, String organiserEmail, String attendeeEmail) {}

  private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private SessionCalendar() {}

  public static String ics(Session session, Method method, Instant now) {
    StringBuilder ics = new StringBuilder();
    line(ics, "BEGIN:VCALENDAR");
    line(ics, "VERSION:2.0");
    line(ics, "PRODID:-//Coachgrant//Coaching sessions//EN");
    line(ics, "CALSCALE:GREGORIAN");
    line(ics, "METHOD:" + method);
    line(ics, "BEGIN:VEVENT");
    line(ics, "UID:" + session.uid());
    line(ics, "SEQUENCE:" + session.revision());
    line(ics, "DTSTAMP:" + UTC.format(now));
    line(ics, "DTSTART:" + UTC.format(session.startsAt()));
    line(ics, "DTEND:" + UTC.format(session.startsAt().plusSeconds(session.minutes() * 60L)));
    line(ics, "SUMMARY:" + text(session.title()));
    line(ics, "DESCRIPTION:" + text(session.description()));
    line(ics, "LOCATION:" + text(session.place()));
    line(ics, "ORGANIZER:mailto:" + session.organiserEmail());
    line(ics, "ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:" + session.attendeeEmail());
    line(ics, "STATUS:" + (method == Method.CANCEL ? "CANCELLED" : "CONFIRMED"));
    line(ics, "END:VEVENT");
    line(ics, "END:VCALENDAR");
    return ics.toString();
  }

  /** TEXT values escape backslash, semicolon, comma and line breaks. */
  private static String text(String value) {
    return value == null ? "" : value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n");
  }

  /** Lines end in CRLF and fold at 75 octets, never inside a UTF-8 character. */
  private static void line(StringBuilder ics, String content) {
    int octets = 0;
    for (int i = 0; i < content.length(); ) {
      int codePoint = content.codePointAt(i);
      int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
      if (octets + size > 75) {
        ics.append("\r\n ");
        octets = 1;
      }
      ics.appendCodePoint(codePoint);
      octets += size;
      i += Character.charCount(codePoint);
    }
    ics.append("\r\n");
  }
}
