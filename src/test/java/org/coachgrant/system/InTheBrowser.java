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

  @AfterEach
  void closeChromium() throws Exception {
    if (chromium != null) {
      chromium.close();
    }
  }
}
