package org.coachgrant.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.coachgrant.CoachgrantTest;
import org.coachgrant.system.Chromium;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The browser tests' harness sees what a page's Content-Security-Policy refuses, so a page that breaks the
 * policy fails its test: here a script written into the sign-in page is refused, and reported.
 */
@Tag("browser")
class PagePolicyInTheBrowserTest extends CoachgrantTest {

  @LocalServerPort int port;

  @Test
  void anInlineScriptOnAPageIsRefusedAndReported() throws Exception {
    try (Chromium browser = new Chromium(port)) {
      browser.open("/login");
      browser.page("sign-in", "Sign in to Coachgrant");
      browser.js().executeScript("const s = document.createElement('script'); s.textContent = 'window.ranInline = true';"
          + " document.body.appendChild(s);");
      assertThat(browser.js().executeScript("return window.ranInline === true")).as("the inline script did not run")
          .isEqualTo(false);
      assertThat(browser.policyViolations()).as("Chromium reported the refusal").isNotEmpty()
          .allSatisfy(v -> assertThat(v).contains("script-src"));
    }
  }
}
