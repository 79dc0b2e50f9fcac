package org.coachgrant.coaching;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.coachgrant.system.InTheBrowser;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Issue 20, point 1: cora types a summer and a winter session as 13:30 and reads 13:30 back, naming the zone, on the
 * page where she typed them and in the email the delegate gets; the server's own zone (UTC in CI) plays no part.
 */
class SessionTimesInTheBrowserTest extends InTheBrowser {

  @Test
  void coraTypesASummerAndAWinterSessionAndEveryoneReadsThemAsTyped() throws Exception {
    person("carl", "coaches");
    Fixture f = fixture("63000", "1500");
    coraAllocatesTheGroups(f, "times");
    assertThat(chromium.text(By.id("g1-s1-time-hint"))).isEqualTo("The programme's local time (Europe/London)");

    scheduleGroupOne(java.util.List.of(LocalDate.of(2027, 6, 15), LocalDate.of(2027, 6, 29), LocalDate.of(2028, 1, 12)),
        "Ipswich Library, room ", "times-scheduled");
    assertThat(chromium.text(By.id("sessions-1"))).contains("Tuesday 15 June 2027, 13:30 BST")
        .contains("Wednesday 12 January 2028, 13:30 GMT");

    executeJobs();
    assertThat(text(lastEmailTo(f, "session 1 of 3"))).contains("When:    Tuesday 15 June 2027, 13:30 BST");
  }

}
