package org.coachgrant.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.system.SignedInBrowser;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The webapps' pages do not tell a signed-in person which engine release they run on. */
class WebappVersionHiddenTest extends CoachgrantTest {

  private static final String ADMIN_PASSWORD = "Test-Only-Coach-7x!";

  @LocalServerPort int port;

  @Test
  void noWebappPageShowsTheEnginesVersion() throws Exception {
    pagesShowNoVersion("ruth", "/camunda/app/tasklist/default/", "/camunda/app/welcome/default/");
    pagesShowNoVersion("admin", "/camunda/app/cockpit/default/", "/camunda/app/admin/default/");
  }

  private void pagesShowNoVersion(String user, String... pages) throws Exception {
    SignedInBrowser browser = new SignedInBrowser(port);
    browser.signIn(user, "admin".equals(user) ? ADMIN_PASSWORD : PASSWORD);
    for (String page : pages) {
      HttpResponse<String> answer = browser.get(page);
      assertThat(answer.statusCode()).as(page).isEqualTo(200);
      assertThat(answer.body()).as(page).contains("<footer", "bust=").doesNotContain("7.24", "version=\"v");
    }
  }
}
