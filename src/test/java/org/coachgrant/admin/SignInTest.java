package org.coachgrant.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.coachgrant.CoachgrantTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;

/** Wrong passwords slow a guesser down but never lock the owner out for good; an administrator unlocks at once. */
class SignInTest extends CoachgrantTest {

  @Autowired TestRestTemplate http;

  @Test
  void afterManyWrongPasswordsTheRightOneWorksAgainOnceTheDelayIsOver() {
    person("wendy", Roles.REVIEWERS);
    Instant now = Instant.now();
    for (int attempt = 1; attempt <= 15; attempt++) {
      ClockUtil.setCurrentTime(Date.from(now));
      assertThat(status("wendy", "guess-" + attempt)).isEqualTo(HttpStatus.UNAUTHORIZED);
      now = now.plus(Duration.ofMinutes(2));
    }
    ClockUtil.setCurrentTime(Date.from(now.minus(Duration.ofMinutes(2)).plusSeconds(30)));
    assertThat(status("wendy", PASSWORD)).as("still within the last delay").isEqualTo(HttpStatus.UNAUTHORIZED);

    ClockUtil.setCurrentTime(Date.from(now.minus(Duration.ofMinutes(2)).plusSeconds(61)));
    assertThat(status("wendy", PASSWORD)).as("the delay never exceeds 60 s").isEqualTo(HttpStatus.OK);
    assertThat(status("wendy", "wrong")).isEqualTo(HttpStatus.UNAUTHORIZED);
    ClockUtil.setCurrentTime(Date.from(now.minus(Duration.ofMinutes(2)).plusSeconds(61 + 4)));
    assertThat(status("wendy", PASSWORD)).as("the right password reset the count: 3 s again").isEqualTo(HttpStatus.OK);
  }

  @Test
  void anAdministratorUnlocksAUserAtOnce() {
    person("walt", Roles.REVIEWERS);
    person("ada", Roles.ADMINISTRATORS);
    for (int attempt = 1; attempt <= 6; attempt++) {
      assertThat(status("walt", "guess")).isEqualTo(HttpStatus.UNAUTHORIZED);
    }
    assertThat(status("walt", PASSWORD)).as("within the delay the last wrong password started").isEqualTo(HttpStatus.UNAUTHORIZED);

    assertThat(http.withBasicAuth("cora", PASSWORD).postForEntity("/engine-rest/user/walt/unlock", null, String.class)
        .getStatusCode()).as("only administrators unlock").isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(http.withBasicAuth("ada", PASSWORD).postForEntity("/engine-rest/user/walt/unlock", null, String.class)
        .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(status("walt", PASSWORD)).isEqualTo(HttpStatus.OK);
  }

  private HttpStatus status(String user, String password) {
    return (HttpStatus) http.withBasicAuth(user, password).getForEntity("/engine-rest/task?maxResults=1", String.class)
        .getStatusCode();
  }
}
