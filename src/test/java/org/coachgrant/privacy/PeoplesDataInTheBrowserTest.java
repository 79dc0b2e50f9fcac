package org.coachgrant.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.coachgrant.CoachgrantTest;
import org.coachgrant.system.Chromium;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * An administrator answers a subject access request in the browser: People's data from the top bar, the person by
 * user name, their data table by table, and the retention schedule; axe-core checks each page.
 */
@Tag("browser")
class PeoplesDataInTheBrowserTest extends CoachgrantTest {

  @LocalServerPort int port;

  @Test
  void anAdministratorFindsAPersonsDataFromTheTopBarAndSeesWhenItIsAnonymised() throws Exception {
    person("ada", "camunda-admin");
    Fixture f = fixture("10000", "1500");
    requestPlan(f);
    try (Chromium browser = new Chromium(port)) {
      browser.signIn("ada", PASSWORD);
      browser.open("/programmes");
      browser.click(By.linkText("People's data"));
      browser.page("people", "Find a person's data");
      browser.type("userId", f.manager());
      browser.click(By.cssSelector("form[aria-labelledby='find-heading'] button"));
      browser.page("person", "Data held about " + f.manager());
      assertThat(browser.driver().getPageSource()).contains(f.settingUrn()).contains("Download as JSON");
      browser.open("/admin/retention");
      browser.page("retention", "Retention of personal data");
      assertThat(browser.driver().getPageSource()).contains(f.programmeCode()).contains("Not closed");
    }
  }
}
