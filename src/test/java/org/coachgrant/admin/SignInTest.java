package org.coachgrant.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.coachgrant.CoachgrantTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Wrong passwords slow their source down, each wait twice the last up to 15 minutes, and never lock the
 * owner out for good; an administrator unlocks at once.
 */
class SignInTest extends CoachgrantTest {

  @Autowired TestRestTemplate http;

  @Test
  void afterManyWrongPasswordsTheRightOneWorksAgainOnceTheWaitIsOver() {
    person("wendy", Roles.REVIEWERS);
    Instant now = Instant.now();
    long wait = 0;
    for (int attempt = 1; attempt <= 15; attempt++) {
      ClockUtil.setCurrentTime(Date.from(now = now.plusSeconds(wait)));
      assertThat(status("wendy", "guess-" + attempt)).isEqualTo(HttpStatus.UNAUTHORIZED);
      ResponseEntity<String> refused = call("wendy", "guess");
      assertThat(refused.getStatusCode()).as("a try inside the wait").isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
      wait = Long.parseLong(refused.getHeaders().getFirst("Retry-After"));
      assertThat(wait).as("3 s doubling, never more than 15 minutes").isEqualTo(Math.min(900, 3L << (attempt - 1)));
    }
    ClockUtil.setCurrentTime(Date.from(now.plusSeconds(wait - 1)));
    assertThat(status("wendy", PASSWORD)).as("still within the last wait").isEqualTo(HttpStatus.TOO_MANY_REQUESTS);

    ClockUtil.setCurrentTime(Date.from(now = now.plusSeconds(wait)));
    assertThat(status("wendy", PASSWORD)).as("the wait is over").isEqualTo(HttpStatus.OK);
    assertThat(status("wendy", "wrong")).isEqualTo(HttpStatus.UNAUTHORIZED);
    ClockUtil.setCurrentTime(Date.from(now.plusSeconds(3)));
    assertThat(status("wendy", PASSWORD)).as("the right password reset the count: 3 s again").isEqualTo(HttpStatus.OK);
  }

  @Test
  void anAdministratorUnlocksAUserAtOnce() {
    person("walt", Roles.REVIEWERS);
    person("ada", Roles.ADMINISTRATORS);
    assertThat(status("walt", "guess")).isEqualTo(HttpStatus.UNAUTHORIZED);
    for (int attempt = 2; attempt <= 6; attempt++) {
      assertThat(status("walt", "guess")).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    }
    assertThat(status("walt", PASSWORD)).as("within the wait the last wrong password started").isEqualTo(HttpStatus.TOO_MANY_REQUESTS);

    assertThat(http.withBasicAuth("cora", PASSWORD).postForEntity("/engine-rest/user/walt/unlock", null, String.class)
        .getStatusCode()).as("only administrators unlock").isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(http.withBasicAuth("ada", PASSWORD).postForEntity("/engine-rest/user/walt/unlock", null, String.class)
        .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(status("walt", PASSWORD)).isEqualTo(HttpStatus.OK);
  }

  private HttpStatus status(String user, String password) {
    return (HttpStatus) call(user, password).getStatusCode();
  }

  private ResponseEntity<String> call(String user, String password) {
    return http.withBasicAuth(user, password).getForEntity("/engine-rest/task?maxResults=1", String.class);
  }
}
