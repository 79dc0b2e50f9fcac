package org.coachgrant.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  /**
   * Browsers keep the scripts a page names a year, by their address: the token in it must change with the release, or
   * an upgraded server would go on running last release's scripts in every browser that had them.
   */
  @Test
  void thePagesCacheBustingTokenChangesWithEachRelease() throws Exception {
    String release;
    try (var page = getClass().getResourceAsStream("/META-INF/resources/webjars/camunda/app/tasklist/index.html")) {
      Matcher bust = Pattern.compile("\\?bust=([^\"&]+)").matcher(new String(page.readAllBytes(), StandardCharsets.UTF_8));
      assertThat(bust.find()).as("Camunda's page names its scripts with the release").isTrue();
      release = bust.group(1);
    }
    SignedInBrowser browser = new SignedInBrowser(port);
    browser.signIn("ruth", PASSWORD);
    assertThat(browser.get("/camunda/app/tasklist/default/").body())
        .contains("/lib/deps.js?bust=" + WebappVersionHidden.bust(release))
        .contains("/app/tasklist/camunda-tasklist-bootstrap.js?bust=" + WebappVersionHidden.bust(release));

    List<String> releases = List.of(release, "7.24.1", "7.25.0", "7.23.0", "8.0.0", "7.24.0-alpha1");
    assertThat(releases.stream().map(WebappVersionHidden::bust)).as("one token per release").doesNotHaveDuplicates()
        .allSatisfy(token -> assertThat(token).doesNotContain("7.2").doesNotContain("8.0"));
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
