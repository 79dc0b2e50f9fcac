package org.coachgrant.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.CoachgrantTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The phishing of issue 18 in Tasklist's own form-js, in Debian's headless Chromium: ruth's comment asking
 * for changes, and a setting's name, made of Markdown and HTML, show in mia's "Submit training plan" form
 * as the words that were typed, with no heading, link, image or {@code <div>} made of them, and a FEEL
 * template in them stays words too.
 */
@Tag("browser")
class FormTextInTheBrowserTest extends CoachgrantTest {

  static final String PHISHING = "## Urgent: your grant is suspended [Sign in again here](http://evil.example/login)";

  @LocalServerPort int port;

  private Chromium chromium;
  private WebDriver browser;

  @BeforeEach
  void openChromium() throws Exception {
    chromium = new Chromium(port);
    browser = chromium.driver();
  }

  @AfterEach
  void closeChromium() throws Exception {
    if (chromium != null) {
      chromium.close();
    }
  }

  @Test
  void ruthsPhishingCommentShowsInMiasFormAsTheWordsSheTyped() {
    Fixture f = fixture("10000", "1500");
    String settingName = "<div id=\"planted\">Sunflower</div> ![logo](http://evil.example/logo.png) www.evil.example";
    jdbc.sql("update setting set name = ? where id = ?").params(settingName, f.settingId()).update();
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(2, "300"));
    review(instance, "ruth", "changes", PHISHING + "\n\n- <a href=\"http://evil.example\">here</a> **now** {{managerId}}");

    chromium.open("/plans/" + planId(instance) + "/next");
    chromium.page("tasklist-sign-in", "Sign in to Coachgrant");
    chromium.type("username", f.manager());
    chromium.type("password", PASSWORD);
    browser.findElement(By.cssSelector("form button[type=submit]")).click();
    WebElement form = chromium.waitFor("mia's form with ruth's comment", Duration.ofSeconds(30), d -> d
        .findElements(By.cssSelector(".fjs-form")).stream().filter(e -> e.getText().contains("Sign in again here"))
        .findFirst().orElse(null));
    chromium.shoot("form-text-phishing");

    assertThat(form.getText()).contains(PHISHING).contains("<a href=\"http://evil.example\">here</a> **now** {{managerId}}")
        .contains("Training plan for " + settingName);
    assertThat(form.findElements(By.cssSelector("a[href*='evil.example'], img[src*='evil.example'], #planted")))
        .as("no link, image or element made of people's text").isEmpty();
    assertThat(form.findElements(By.xpath(".//h1|.//h2|.//h3|.//li"))).extracting(WebElement::getText)
        .as("the form's own headings only").noneMatch(text -> text.contains("Urgent") || text.contains("here"));
  }
}
