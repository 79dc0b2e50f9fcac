package org.coachgrant.coaching;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.coachgrant.format.Formats;
import org.coachgrant.system.InTheBrowser;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** Issue 20, point 5: cora schedules a group past the plan deadline and is told so, where she schedules and on the dashboard. */
class SessionsAfterDeadlineInTheBrowserTest extends InTheBrowser {

  @Test
  void coraIsWarnedOfAGroupWhoseLastSessionIsAfterThePlanDeadline() {
    person("carl", "coaches");
    Fixture f = fixture("63000", "1500");
    LocalDate deadline = programmes.findProgramme(f.programmeId()).orElseThrow().planDeadline();
    coraAllocatesTheGroups(f, "late");

    LocalDate first = deadline.minusDays(10);
    scheduleGroupOne(weekly(first), "Ipswich Library, room ", "late-sessions-scheduled");
    String expected = "Group 1's last session is on " + Formats.date(first.plusWeeks(2)) + ", after the plan deadline of "
        + Formats.date(deadline);
    assertThat(chromium.text(By.id("late-1"))).as("groups page: the warning beside group 1").startsWith(expected)
        .contains("cannot submit their plans in time");

    chromium.open("/programmes/" + f.programmeCode());
    chromium.page("late-dashboard", "Needs you now");
    assertThat(chromium.text(By.id("late-groups"))).as("dashboard: under Needs you now")
        .startsWith("1 group with sessions after the plan deadline").contains(expected);
    chromium.click(By.linkText("change their sessions"));
    chromium.page("late-groups-again", "Groups and sessions");
  }

}
