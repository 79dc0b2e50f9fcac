package org.coachgrant.coachnotes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import org.coachgrant.system.InTheBrowser;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.support.ui.Select;

/**
 * Issue 24's coach in Debian's Chromium: carl opens his group's page from /my, writes a note on mia at session 1 (an
 * empty one first, refused beside its box), records his preparation time (more than 12 hours first, refused beside the
 * field), changes it, and sees both; at 320 px too. mia then reads the note on her own page. axe-core on each page,
 * screenshots under target/.
 */
class CoachGroupPageInTheBrowserTest extends InTheBrowser {

  @Test
  void carlWritesANoteOnMiaAndRecordsHisTimeAndMiaReadsTheNote() {
    person("carl", "coaches");
    Fixture mia = fixture("10000", "1500");
    Fixture noah = enrol(mia.programmeCode(), mia.programmeId());
    CoachedGroup one = CoachedGroup.of(jdbc, mia.programmeId(), 1, "carl", 3, mia.settingId(), noah.settingId());
    one.attended(jdbc, 1, mia.settingId(), true);
    one.attended(jdbc, 1, noah.settingId(), false);

    chromium.signIn("carl", PASSWORD);
    chromium.open("/my");
    chromium.page("coach-my-page", "Your groups' notes and time");
    chromium.click(By.cssSelector("#coached-group-pages a[href$='/my/groups/" + one.id() + "']"));
    chromium.page("coach-group-page", "Sessions and notes");
    assertThat(chromium.text(By.id("attendance-1"))).contains("Attended").contains("Missed");

    String box = "note-s1-" + mia.manager();
    chromium.click(By.xpath("//textarea[@id='" + box + "']/ancestor::form//button"));
    chromium.page("coach-note-refused", "There is a problem");
    assertThat(chromium.text(By.id(box + "-error"))).containsIgnoringCase("is required");
    assertThat(chromium.find(By.id(box)).getAttribute("aria-invalid")).isEqualTo("true");

    String note = "Mia wants her team to use more signing at snack time; we agreed she tries it for two weeks.";
    chromium.type(box, note);
    chromium.click(By.xpath("//textarea[@id='" + box + "']/ancestor::form//button"));
    chromium.page("coach-note-saved", "Your note for session 1 is saved");
    assertThat(chromium.find(By.id(box)).getAttribute("value")).isEqualTo(note);

    String yesterday = LocalDate.now(java.time.ZoneId.of("Europe/London")).minusDays(1).toString();
    setValue("date", yesterday);
    new Select(chromium.find(By.id("kind"))).selectByVisibleText("Preparation");
    chromium.type("hours", "13");
    chromium.type("minutes", "0");
    chromium.click(By.cssSelector("#time-form button[type=submit]"));
    chromium.page("coach-time-refused", "There is a problem");
    assertThat(chromium.text(By.id("hours-error"))).contains("between 0 and 12");

    chromium.type("hours", "1");
    chromium.type("minutes", "30");
    chromium.type("note", "Read the settings' last inspection reports");
    chromium.click(By.cssSelector("#time-form button[type=submit]"));
    chromium.page("coach-time-recorded", "1 h 30 min of preparation recorded.");
    assertThat(chromium.text(By.id("time-entries"))).contains("Preparation").contains("1 h 30 min");

    chromium.click(By.linkText("Change"));
    chromium.page("coach-time-change", "Change your time entry");
    chromium.type("minutes", "45");
    chromium.click(By.cssSelector("#time-form button[type=submit]"));
    chromium.page("coach-time-changed", "Your time entry is changed.");
    assertThat(chromium.text(By.id("time-entries"))).contains("1 h 45 min");

    browser.manage().window().setSize(new Dimension(320, 900));
    chromium.open("/my/groups/" + one.id());
    chromium.page("coach-group-page-320px", "Sessions and notes");
    browser.manage().window().setSize(new Dimension(1280, 900));

    chromium.open("/");
    browser.findElement(By.xpath("//button[starts-with(normalize-space(), 'Sign out')]")).click();
    chromium.waitFor("signed out", Duration.ofSeconds(10), d -> d.getCurrentUrl().contains("/login"));
    chromium.signIn(mia.manager(), PASSWORD);
    chromium.open("/my");
    chromium.page("manager-reads-her-note", "Notes from your coach");
    assertThat(chromium.text(By.tagName("main"))).contains(note).contains("Carl Example");
  }
}
