package org.coachgrant.coaching;

import static org.assertj.core.api.Assertions.assertThat;

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

    String[] dates = {"2027-06-15", "2027-06-29", "2028-01-12"};
    for (int s = 1; s <= 3; s++) {
      setValue("g1-s" + s + "-date", dates[s - 1]);
      setValue("g1-s" + s + "-time", "13:30");
      chromium.type("g1-s" + s + "-place", "Ipswich Library");
    }
    chromium.click(By.xpath("//button[normalize-space()='Schedule the sessions of group 1']"));
    chromium.page("times-scheduled", "sessions are scheduled");
    assertThat(chromium.text(By.id("sessions-1"))).contains("Tuesday 15 June 2027, 13:30 BST")
        .contains("Wednesday 12 January 2028, 13:30 GMT");

    executeJobs();
    assertThat(text(lastEmailTo(f, "session 1 of 3"))).contains("When:    Tuesday 15 June 2027, 13:30 BST");
  }

}
