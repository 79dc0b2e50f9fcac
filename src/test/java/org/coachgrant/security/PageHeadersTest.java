package org.coachgrant.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.admin.Roles;
import org.coachgrant.system.SignedInBrowser;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every page Coachgrant renders sends a Content-Security-Policy that runs no inline script and no eval;
 * every redirect is a path on this site, whatever Host header the request came with.
 */
class PageHeadersTest extends CoachgrantTest {

  private static final String FORGED_HOST = "evil.example";
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private static final Pattern SESSION = Pattern.compile("SESSION=([^;]+)");

  @LocalServerPort int port;

  @Test
  void everyKindOfPageSendsAPolicyThatRunsNoInlineScript() throws Exception {
    person("adapages", Roles.ADMINISTRATORS);
    person("miapages", Roles.MANAGERS);
    SignedInBrowser anonymous = new SignedInBrowser(port);
    assertStrictPolicy(anonymous.get("/login"), "the sign-in page");

    SignedInBrowser cora = new SignedInBrowser(port);
    cora.signIn("cora", PASSWORD);
    assertStrictPolicy(cora.get("/programmes"), "the workspace");
    HttpResponse<String> missing = cora.get("/programmes/NO-SUCH-PROGRAMME");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertStrictPolicy(missing, "an error page");

    SignedInBrowser mia = new SignedInBrowser(port);
    mia.signIn("miapages", PASSWORD);
    assertStrictPolicy(mia.get("/my"), "a manager's page");

    SignedInBrowser ada = new SignedInBrowser(port);
    ada.signIn("adapages", PASSWORD);
    assertStrictPolicy(ada.get("/mailbox"), "the mailbox");
    assertStrictPolicy(ada.get("/admin/models"), "the models pages");
    assertStrictPolicy(ada.get("/admin/models/process/trainingPlan"), "a model editor");

    HttpResponse<String> tasklist = ada.get("/camunda/app/tasklist/default/");
    assertThat(tasklist.headers().allValues("Content-Security-Policy")).as("the webapps keep their own policy, alone")
        .hasSize(1).allSatisfy(policy -> assertThat(policy).isNotEqualTo(PageHeaders.CONTENT_SECURITY_POLICY));
  }

  @Test
  void aForgedHostNeverBecomesARedirectsLocation() throws Exception {
    Raw firstVisit = raw("GET", "/programmes", null, null);
    assertThat(firstVisit.status()).isEqualTo(302);
    assertThat(firstVisit.location()).isEqualTo("/login");
    assertThat(raw("GET", "/camunda/app/tasklist/default/", null, null).location()).isEqualTo("/login");

    String session = firstVisit.session();
    Raw signInPage = raw("GET", "/login", session, null);
    Raw signedIn = raw("POST", "/login", session, "username=cora&password=" + PASSWORD + "&_csrf=" + signInPage.csrf());
    assertThat(signedIn.status()).isEqualTo(302);
    assertThat(signedIn.location()).as("back to the page asked for, as a path").startsWith("/programmes");
    session = signedIn.session() == null ? session : signedIn.session();

    assertThat(raw("GET", "/", session, null).location()).isEqualTo("/programmes");
    Raw workspace = raw("GET", "/programmes", session, null);
    Raw signedOut = raw("POST", "/logout", session, "_csrf=" + workspace.csrf());
    assertThat(signedOut.location()).isEqualTo("/login?signedOut");

    // a person of its own: a wrong password makes this address wait before trying cora again
    person("corahost", Roles.COORDINATORS);
    Raw page = raw("GET", "/login", null, null);
    Raw wrong = raw("POST", "/login", page.session(), "username=corahost&password=wrong&_csrf=" + page.csrf());
    assertThat(wrong.location()).isEqualTo("/login?error");
    assertThat(wrong.headers()).noneMatch(h -> h.toLowerCase(Locale.ROOT).contains(FORGED_HOST));
  }

  private static void assertStrictPolicy(HttpResponse<String> page, String what) {
    List<String> policies = page.headers().allValues("Content-Security-Policy");
    assertThat(policies).as(what).hasSize(1);
    String scripts = directive(policies.get(0), "script-src");
    assertThat(scripts).as(what + ": scripts only from Coachgrant's files").isEqualTo("script-src 'self'");
    assertThat(policies.get(0)).contains("object-src 'none'").contains("base-uri 'self'").doesNotContain("unsafe-eval");
  }

  private static String directive(String policy, String name) {
    for (String directive : policy.split(";")) {
      if (directive.strip().startsWith(name + " ")) {
        return directive.strip();
      }
    }
    return "";
  }

  /** A response read off the wire, Location and Set-Cookie as sent. */
  private record Raw(int status, List<String> headers, String body) {

    String location() {
      return header("Location");
    }

    String session() {
      String cookie = header("Set-Cookie");
      Matcher m = cookie == null ? null : SESSION.matcher(cookie);
      return m != null && m.find() ? m.group(1) : null;
    }

    String csrf() {
      Matcher m = CSRF.matcher(body);
      return m.find() ? URLEncoder.encode(m.group(1), StandardCharsets.UTF_8) : "";
    }

    private String header(String name) {
      return headers.stream().filter(h -> h.regionMatches(true, 0, name + ":", 0, name.length() + 1))
          .map(h -> h.substring(name.length() + 1).strip()).findFirst().orElse(null);
    }
  }

  /** One request with a forged Host header, which Java's HTTP client will not send. */
  private Raw raw(String method, String path, String session, String form) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + FORGED_HOST
          + "\r\nAccept: text/html\r\nConnection: close\r\n");
      if (session != null) {
        request.append("Cookie: SESSION=").append(session).append("\r\n");
      }
      byte[] body = form == null ? new byte[0] : form.getBytes(StandardCharsets.UTF_8);
      if (form != null) {
        request.append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ").append(body.length).append("\r\n");
      }
      request.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.UTF_8));
      out.write(body);
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      String text = all.toString(StandardCharsets.UTF_8);
      int end = text.indexOf("\r\n\r\n");
      String[] lines = text.substring(0, end).split("\r\n");
      List<String> headers = new ArrayList<>(List.of(lines).subList(1, lines.length));
      return new Raw(Integer.parseInt(lines[0].split(" ")[1]), headers, text.substring(end + 4));
    }
  }
}
