package org.coachgrant.web;

import org.coachgrant.system.SignedInBrowser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import org.coachgrant.CoachgrantTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Tasklist's files go out compressed, and a browser keeps them as long as their address says they stay the same: a
 * year for versioned files, asked for again (and answered 304) for the rest; pages and API answers never (issue 19).
 */
class StaticFileCachingTest extends CoachgrantTest {

  private static final String YEAR = "public, max-age=31536000, immutable";

  @LocalServerPort int port;

  private SignedInBrowser ruth;

  @BeforeEach
  void signIn() throws Exception {
    ruth = new SignedInBrowser(port);
    ruth.signIn("ruth", PASSWORD);
  }

  @Test
  void tasklistsLargeScriptsGoOutGzippedToABrowserThatAcceptsIt() throws Exception {
    for (String path : new String[] {"/camunda/lib/deps.js?bust=1a2b", "/camunda/app/tasklist/camunda-tasklist-bootstrap.js?bust=1a2b",
        "/camunda/app/tasklist/scripts/coachgrant.js?bust=7.24.0"}) {
      byte[] original = classpath(path.substring("/camunda/".length(), path.indexOf('?')));
      HttpResponse<byte[]> gzipped = fetch(path, "Accept-Encoding", "gzip");
      assertThat(gzipped.statusCode()).as(path).isEqualTo(200);
      assertThat(gzipped.headers().firstValue("Content-Encoding")).as(path).hasValue("gzip");
      assertThat(gzipped.headers().firstValue("Vary").orElse("")).as(path).containsIgnoringCase("accept-encoding");
      assertThat(gzipped.body().length).as(path).isLessThan(original.length / 2);
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
        assertThat(in.readAllBytes()).as(path).isEqualTo(original);
      }

      HttpResponse<byte[]> plain = fetch(path);
      assertThat(plain.headers().firstValue("Content-Encoding")).as(path).isEmpty();
      assertThat(plain.body()).as(path).isEqualTo(original);
    }
  }

  @Test
  void versionedFilesAreKeptAYearAndNeverAskedForAgain() throws Exception {
    for (String path : new String[] {
        // Camunda's own files, with the bust the pages (a token of the release) or the scripts (the release) give them
        "/camunda/lib/deps.js?bust=1a2b", "/camunda/app/tasklist/camunda-tasklist-bootstrap.css?bust=1a2b",
        "/camunda/app/tasklist/locales/en.json?bust=7.24.0", "/camunda/assets/IBMPlexSans-Regular.woff?bust=7.24.0",
        // Coachgrant's vendored libraries and webjars, their version in the path
        "/vendor/dmn-js-17.10.2/dmn-modeler.production.min.js", "/webjars/chart.js/4.4.1/dist/chart.umd.js"}) {
      HttpResponse<byte[]> file = fetch(path, "Accept-Encoding", "gzip");
      assertThat(file.statusCode()).as(path).isEqualTo(200);
      assertThat(file.headers().allValues("Cache-Control")).as(path).containsExactly(YEAR);
      assertThat(file.headers().firstValue("Pragma")).as(path).isEmpty();
      assertThat(file.headers().firstValue("Expires")).as(path).isEmpty();
      assertThat(file.headers().firstValue("X-Content-Type-Options")).as(path + ": the other headers stay").hasValue("nosniff");
    }
  }

  @Test
  void unversionedFilesAreAskedForAgainAndAnswered304WhileTheyStayTheSame() throws Exception {
    for (String path : new String[] {"/css/workspace.css", "/js/budget-chart.js", "/camunda/lib/deps.js",
        // Coachgrant's own files in the webapps, which the webapps load with Camunda's bust: a Coachgrant release
        // changes them, not it
        "/camunda/app/tasklist/scripts/coachgrant.js?bust=7.24.0", "/camunda/app/tasklist/styles/user-styles.css?bust=1a2b",
        "/camunda/app/tasklist/scripts/config.js?bust=1796645021048", "/camunda/app/tasklist/scripts/coachgrant-config.js",
        "/camunda/app/tasklist/styles/coachgrant-logo.svg",
        // a plugin's files come through the webapps' API
        "/camunda/api/tasklist/plugin/tasklistPlugins/static/app/plugin.js?bust=7.24.0"}) {
      HttpResponse<byte[]> first = fetch(path, "Accept-Encoding", "gzip");
      assertThat(first.statusCode()).as(path).isEqualTo(200);
      assertThat(first.headers().allValues("Cache-Control")).as(path).containsExactly("no-cache");
      assertThat(first.headers().firstValue("Last-Modified")).as(path + ": a rebuilt jar need not move a file's date").isEmpty();
      String etag = first.headers().firstValue("ETag").orElseThrow();
      assertThat(etag).as(path + ": weak, so that it is compressed too").startsWith("W/\"");
      assertThat(first.headers().firstValue("X-Content-Type-Options")).as(path + ": the other headers stay").hasValue("nosniff");

      HttpResponse<byte[]> again = fetch(path, "Accept-Encoding", "gzip", "If-None-Match", etag);
      assertThat(again.statusCode()).as(path).isEqualTo(304);
      assertThat(again.headers().allValues("Cache-Control")).as(path).containsExactly("no-cache");
      assertThat(again.body()).isEmpty();

      HttpResponse<byte[]> changed = fetch(path, "If-None-Match", "W/\"an-older-release\"",
          "If-Modified-Since", "Fri, 01 Jan 2100 00:00:00 GMT");
      assertThat(changed.statusCode()).as(path + ": only the content tells, never a date").isEqualTo(200);
      assertThat(changed.body()).isNotEmpty();
    }
  }

  @Test
  void pagesApiAnswersAndFailuresAreNeverKeptLong() throws Exception {
    ruth.api("/camunda/api/admin/auth/user/default");
    for (String path : new String[] {"/camunda/app/tasklist/default/", "/camunda/app/welcome/default/", "/my", "/programmes",
        "/camunda/api/engine/engine/default/filter?resourceType=Task", "/camunda/api/admin/auth/user/default",
        "/vendor/dmn-js-17.10.2/no-such-file.js", "/camunda/lib/no-such-file.js?bust=1a2b"}) {
      HttpResponse<byte[]> answer = fetch(path, "Accept-Encoding", "gzip");
      assertThat(answer.headers().allValues("Cache-Control")).as(path + " (" + answer.statusCode() + ")")
          .noneMatch(value -> value.contains("max-age=31536000") || value.contains("immutable") || value.contains("public"));
    }
    for (String path : new String[] {"/engine-rest/task?maxResults=1", "/api/plans", "/engine-rest/no-such-thing"}) {
      HttpResponse<byte[]> answer = ruth.http().send(HttpRequest.newBuilder(ruth.uri(path)).header("Authorization", basic("ruth"))
          .header("Accept-Encoding", "gzip").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(answer.statusCode()).as(path).isIn(200, 403, 404);
      assertThat(answer.headers().allValues("Cache-Control")).as(path)
          .noneMatch(value -> value.contains("max-age=31536000") || value.contains("immutable") || value.contains("public"));
    }
  }

  /** BREACH reads a secret from the size of compressed pages that repeat it: the token is never the same twice. */
  @Test
  void aPagesCsrfTokenIsNewInEveryCompressedAnswer() throws Exception {
    SignedInBrowser stranger = new SignedInBrowser(port);
    String first = stranger.csrf("/login");
    assertThat(first).isNotBlank().isNotEqualTo(stranger.csrf("/login"));
    assertThat(fetch("/programmes", "Accept-Encoding", "gzip").headers().firstValue("Content-Encoding")).as("pages are compressed too")
        .hasValue("gzip");
  }

  @Test
  void coachgrantsWebappFilesAreToldApartFromCamundasByWhereTheyComeFrom() throws Exception {
    Predicate<String> coachgrants = StaticFileCaching.coachgrantsWebappFiles(new PathMatchingResourcePatternResolver());
    assertThat(coachgrants).accepts("app/tasklist/scripts/config.js", "app/tasklist/scripts/coachgrant.js",
        "app/tasklist/styles/user-styles.css", "app/cockpit/scripts/config.js")
        .rejects("lib/deps.js", "app/tasklist/camunda-tasklist-bootstrap.js", "assets/IBMPlexSans-Regular.woff");
    Predicate<String> none = path -> false;
    assertThat(StaticFileCaching.policy("/camunda/app/tasklist/index.html", "bust=1", none)).as("a page").isNull();
    assertThat(StaticFileCaching.policy("/camunda/app/tasklist/default/", null, none)).as("a page").isNull();
    assertThat(StaticFileCaching.policy("/camunda/app/tasklist/default", null, none)).as("a page").isNull();
    assertThat(StaticFileCaching.policy("/camunda/api/engine/engine/default/task/1/form-variables", "bust=1", none)).isNull();
    assertThat(StaticFileCaching.policy("/camunda/lib/deps.js", "x=1&bust=1", none)).isEqualTo(StaticFileCaching.VERSIONED);
    assertThat(StaticFileCaching.policy("/camunda/lib/deps.js", "robust=1", none)).isEqualTo(StaticFileCaching.REVALIDATED);
    assertThat(StaticFileCaching.policy("/vendor/README.md", null, none)).isEqualTo(StaticFileCaching.REVALIDATED);
    assertThat(StaticFileCaching.policy("/webjars/camunda/lib/deps.js", null, none)).isEqualTo(StaticFileCaching.REVALIDATED);
  }

  private HttpResponse<byte[]> fetch(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(ruth.uri(path)).GET();
    if (headers.length > 0) {
      request.headers(headers);
    }
    return ruth.http().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static byte[] classpath(String webappPath) throws Exception {
    try (InputStream in = StaticFileCachingTest.class.getResourceAsStream("/META-INF/resources/webjars/camunda/" + webappPath)) {
      assertThat(in).as(webappPath).isNotNull();
      return in.readAllBytes();
    }
  }

  private static String basic(String user) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
  }
}
