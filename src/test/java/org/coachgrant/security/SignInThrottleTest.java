package org.coachgrant.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.admin.Roles;
import org.coachgrant.system.SignedInBrowser;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Wrong passwords slow their source (address and user name), never the account for everyone: a stranger's
 * guesses never keep the owner out; only 100 wrong passwords in a row lock an account, and the lock is
 * audited. The client's address comes from X-Forwarded-For, as a reverse proxy on this machine sets it.
 */
class SignInThrottleTest extends CoachgrantTest {

  private static final String STRANGER = "203.0.113.66";
  private static final String OWNER = "198.51.100.7";

  @LocalServerPort int port;

  @Test
  void aStrangersWrongPasswordsNeverDelayTheOwnerSigningInFromAnotherAddress() throws Exception {
    person("adaowner", Roles.ADMINISTRATORS);
    ClockUtil.setCurrentTime(new Date());
    for (int guess = 1; guess <= 12; guess++) {
      assertThat(rest(STRANGER, "adaowner", "guess-" + guess).statusCode()).isIn(401, 429);
    }
    assertThat(rest(STRANGER, "adaowner", PASSWORD).statusCode()).as("the stranger's source waits").isEqualTo(429);

    assertThat(rest(OWNER, "adaowner", PASSWORD).statusCode()).as("over REST, at once").isEqualTo(200);
    HttpResponse<String> page = signIn(new SignedInBrowser(port), OWNER, "adaowner", PASSWORD);
    assertThat(page.headers().firstValue("Location")).as("on the sign-in page, at once").hasValue("/");
  }

  @Test
  void theSameSourceIsSlowedThenRefusedWith429AndTheRightPasswordEndsItsWait() throws Exception {
    person("wesley", Roles.REVIEWERS);
    Instant now = Instant.now();
    ClockUtil.setCurrentTime(Date.from(now));
    assertThat(rest(STRANGER, "wesley", "wrong").statusCode()).isEqualTo(401);

    HttpResponse<String> refused = rest(STRANGER, "wesley", PASSWORD);
    assertThat(refused.statusCode()).as("even the right password, unseen, while the source waits").isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("3");
    assertThat(refused.body()).contains("try again in 3 seconds");

    ClockUtil.setCurrentTime(Date.from(now = now.plusSeconds(3)));
    assertThat(rest(STRANGER, "wesley", "wrong again").statusCode()).isEqualTo(401);
    assertThat(rest(STRANGER, "wesley", "wrong").headers().firstValue("Retry-After")).as("the wait doubles").hasValue("6");
    ClockUtil.setCurrentTime(Date.from(now = now.plusSeconds(6)));
    assertThat(rest(STRANGER, "wesley", "wrong").statusCode()).isEqualTo(401);
    assertThat(rest(STRANGER, "wesley", "wrong").headers().firstValue("Retry-After")).hasValue("12");

    ClockUtil.setCurrentTime(Date.from(now = now.plusSeconds(12)));
    assertThat(rest(STRANGER, "wesley", PASSWORD).statusCode()).isEqualTo(200);
    assertThat(rest(STRANGER, "wesley", "wrong").statusCode()).isEqualTo(401);
    assertThat(rest(STRANGER, "wesley", "wrong").headers().firstValue("Retry-After"))
        .as("the right password reset the source's count").hasValue("3");
  }

  @Test
  void theSignInPageSaysHowLongThatSourceWaits() throws Exception {
    person("wilma", Roles.REVIEWERS);
    ClockUtil.setCurrentTime(new Date());
    SignedInBrowser browser = new SignedInBrowser(port);
    assertThat(signIn(browser, STRANGER, "wilma", "wrong").headers().firstValue("Location")).hasValue("/login?error");
    assertThat(browser.get("/login?error").body()).contains("The user name or password is not right");

    assertThat(signIn(browser, STRANGER, "wilma", PASSWORD).headers().firstValue("Location")).hasValue("/login?error");
    assertThat(browser.get("/login?error").body()).contains("wait 3 seconds, then try again");
  }

  @Test
  void aHundredWrongPasswordsInARowLockTheAccountUntilAnAdministratorUnlocksItAndTheLockIsAudited() throws Exception {
    person("wanda", Roles.REVIEWERS);
    person("adaunlock", Roles.ADMINISTRATORS);
    ClockUtil.setCurrentTime(new Date());
    for (int source = 1; source < 100; source++) {
      assertThat(rest("192.0.2." + source, "wanda", "guess").statusCode()).isEqualTo(401);
    }
    assertThat(jdbc.sql("select count(*) from sign_in_lock where account = 'wanda'").query(Long.class).single()).isZero();
    HttpResponse<String> hundredth = rest("192.0.2.100", "wanda", "guess");
    assertThat(hundredth.statusCode()).isEqualTo(401);
    assertThat(hundredth.body()).contains("locked");

    Map<String, Object> lock = jdbc.sql("select * from sign_in_lock where account = 'wanda'").query().singleRow();
    assertThat(lock).containsEntry("SOURCE", "192.0.2.100").containsEntry("FAILURES", 100).containsKey("LOCKED_AT");
    assertThat(lock.toString()).doesNotContain("guess");

    assertThat(rest(OWNER, "wanda", PASSWORD).statusCode()).as("locked for everyone, the right password too").isEqualTo(401);
    SignedInBrowser owner = new SignedInBrowser(port);
    signIn(owner, OWNER, "wanda", PASSWORD);
    assertThat(owner.get("/login?error").body()).contains("This account is locked after too many wrong passwords in a row");
    HttpResponse<String> unlock = http(HttpRequest.newBuilder(uri("/engine-rest/user/wanda/unlock"))
        .header("Authorization", basic("adaunlock", PASSWORD)).header("X-Forwarded-For", OWNER)
        .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(unlock.statusCode()).isEqualTo(204);
    assertThat(rest(OWNER, "wanda", PASSWORD).statusCode()).isEqualTo(200);
    assertThat(rest("192.0.2.100", "wanda", PASSWORD).statusCode()).as("the unlock ended every source's wait").isEqualTo(200);
  }

  @Test
  void theRestApiSignsInToTheEngineItAddressesAndEveryPathNeedsAUser() throws Exception {
    assertThat(http(HttpRequest.newBuilder(uri("/engine-rest/engine")).GET()).statusCode()).isEqualTo(401);
    assertThat(http(HttpRequest.newBuilder(uri("/engine-rest/engine/default/task?maxResults=1"))
        .header("Authorization", basic("cora", PASSWORD)).GET()).statusCode()).isEqualTo(200);
    assertThat(http(HttpRequest.newBuilder(uri("/engine-rest/engine/nosuch/task"))
        .header("Authorization", basic("cora", PASSWORD)).GET()).statusCode()).isEqualTo(404);
  }

  @Test
  void anIpv6ClientsWholeNetworkIsOneSource() {
    assertThat(SignInThrottle.source("2001:db8:1:2:aaaa::1")).isEqualTo(SignInThrottle.source("2001:db8:1:2:bbbb::9"));
    assertThat(SignInThrottle.source("2001:db8:1:2::1")).isNotEqualTo(SignInThrottle.source("2001:db8:1:3::1"));
    assertThat(SignInThrottle.source("192.0.2.1")).isEqualTo("192.0.2.1");
  }

  private HttpResponse<String> rest(String address, String user, String password) throws Exception {
    return http(HttpRequest.newBuilder(uri("/engine-rest/task?maxResults=1"))
        .header("Authorization", basic(user, password)).header("X-Forwarded-For", address).GET());
  }

  private HttpResponse<String> signIn(SignedInBrowser browser, String address, String user, String password) throws Exception {
    String body = "username=" + enc(user) + "&password=" + enc(password) + "&_csrf=" + enc(browser.csrf("/login"));
    return browser.http().send(HttpRequest.newBuilder(browser.uri("/login")).header("X-Forwarded-For", address)
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> http(HttpRequest.Builder request) throws Exception {
    return new SignedInBrowser(port).http().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private java.net.URI uri(String path) {
    return java.net.URI.create("http://localhost:" + port + path);
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
