package org.coachgrant.system;

import org.coachgrant.CoachgrantTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.openqa.selenium.WebDriver;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A story told in Debian's Chromium: a browser of its own for each test, closed after it, which fails the test when
 * a page broke its Content-Security-Policy or a screen made a call the gateway refused ({@link Chromium#close}).
 */
@Tag("browser")
public abstract class InTheBrowser extends CoachgrantTest {

  @LocalServerPort protected int port;

  protected Chromium chromium;
  protected WebDriver browser;

  @BeforeEach
  void openChromium() throws Exception {
    chromium = new Chromium(port);
    browser = chromium.driver();
  }

  /** Date and time inputs take their value as the page would receive it, whatever the browser's own format. */
  protected void setValue(String id, String value) {
    chromium.js().executeScript("arguments[0].value = arguments[1]", browser.findElement(org.openqa.selenium.By.id(id)), value);
  }

  /** cora signs in on the programme's Groups and sessions and allocates its groups; screenshots {@code shot}-… */
  protected void coraAllocatesTheGroups(Fixture f, String shot) {
    chromium.open("/programmes/" + f.programmeCode() + "/groups");
    chromium.type("username", "cora");
    chromium.type("password", PASSWORD);
    chromium.click(org.openqa.selenium.By.cssSelector("form button[type=submit]"));
    chromium.page(shot + "-groups", "Groups and sessions");
    chromium.click(org.openqa.selenium.By.xpath("//button[normalize-space()='Allocate the groups']"));
    chromium.page(shot + "-allocated", " allocated, ");
  }

  /**
   * On Groups and sessions, schedules group 1's sessions at 13:30 on {@code days}, the n-th at {@code place} + n
   * ("Ipswich Library, room " gives "Ipswich Library, room 1"…); screenshots {@code shot}.
   */
  protected void scheduleGroupOne(java.util.List<java.time.LocalDate> days, String place, String shot) {
    for (int s = 1; s <= days.size(); s++) {
      setValue("g1-s" + s + "-date", days.get(s - 1).toString());
      setValue("g1-s" + s + "-time", "13:30");
      chromium.type("g1-s" + s + "-place", place + s);
    }
    chromium.click(org.openqa.selenium.By.xpath("//button[normalize-space()='Schedule the sessions of group 1']"));
    chromium.page(shot, "sessions are scheduled");
  }

  /** Three weekly days from {@code first}: a group's sessions. */
  protected static java.util.List<java.time.LocalDate> weekly(java.time.LocalDate first) {
    return java.util.List.of(first, first.plusWeeks(1), first.plusWeeks(2));
  }

  @AfterEach
  void closeChromium() throws Exception {
    if (chromium != null) {
      chromium.close();
    }
  }
}
