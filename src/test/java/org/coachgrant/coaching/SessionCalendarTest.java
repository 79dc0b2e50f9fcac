package org.coachgrant.coaching;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.time.Instant;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.Test;

/** The invitations parse as a calendar client parses them, with the right times and text. */
class SessionCalendarTest {

  private static final SessionCalendar.Session SESSION = new SessionCalendar.Session("session-17@coachgrant",
      "Coaching session 2 of 3, group 4", "Bring your setting's development plan; we meet, as agreed, in room 2.",
      Instant.parse("2027-06-09T13:30:00Z"), 120, "Ipswich Library, Northgate Street; room 2",
      1, "coachgrant@example.org", "mia@example.org");

  @Test
  void anInvitationIsAValidCalendarEvent() throws Exception {
    String ics = SessionCalendar.ics(SESSION, SessionCalendar.Method.REQUEST, Instant.parse("2027-05-01T08:00:00Z"));
    assertThat(ics).contains("\r\n").doesNotContain("\n\n");
    ics.lines().forEach(line -> assertThat(line.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(75));

    Calendar calendar = new CalendarBuilder().build(new StringReader(ics));
    calendar.validate();
    VEvent event = calendar.<VEvent>getComponent("VEVENT").orElseThrow();
    assertThat(event.getUid().orElseThrow().getValue()).isEqualTo("session-17@coachgrant");
    assertThat(event.getProperty("DTSTART").orElseThrow().getValue()).isEqualTo("20270609T133000Z");
    assertThat(event.getProperty("DTEND").orElseThrow().getValue()).isEqualTo("20270609T153000Z");
    assertThat(event.getProperty("LOCATION").orElseThrow().getValue()).isEqualTo("Ipswich Library, Northgate Street; room 2");
    assertThat(event.getProperty("DESCRIPTION").orElseThrow().getValue()).isEqualTo(SESSION.description());
    assertThat(calendar.getProperty("METHOD").orElseThrow().getValue()).isEqualTo("REQUEST");
  }

  @Test
  void lineBreaksInTextNeverStartANewCalendarLine() {
    SessionCalendar.Session hostile = new SessionCalendar.Session("session-18@coachgrant", "Session",
        "x\rEND:VEVENT\nBEGIN:VEVENT\r\nSUMMARY:evil", Instant.parse("2027-06-09T13:30:00Z"), 120,
        "B\rEND:VEVENT\r\nBEGIN:VEVENT", 1, "coachgrant@example.org", "mia@example.org");
    String ics = SessionCalendar.ics(hostile, SessionCalendar.Method.REQUEST, Instant.parse("2027-05-01T08:00:00Z"));
    assertThat(ics.split("\r\n")).filteredOn(line -> line.startsWith("BEGIN:VEVENT")).hasSize(1);
    assertThat(ics.replace("\r\n", "")).doesNotContain("\r").doesNotContain("\n");
  }

  @Test
  void aCancellationCancelsTheSameEvent() throws Exception {
    String ics = SessionCalendar.ics(SESSION, SessionCalendar.Method.CANCEL, Instant.now());
    Calendar calendar = new CalendarBuilder().build(new StringReader(ics));
    VEvent event = calendar.<VEvent>getComponent("VEVENT").orElseThrow();
    assertThat(calendar.getProperty("METHOD").orElseThrow().getValue()).isEqualTo("CANCEL");
    assertThat(event.getProperty("STATUS").orElseThrow().getValue()).isEqualTo("CANCELLED");
    assertThat(event.getUid().orElseThrow().getValue()).isEqualTo("session-17@coachgrant");
  }
}
