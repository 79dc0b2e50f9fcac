package org.coachgrant.system;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A browser without the screen: a cookie jar, the sign-in form and the forms' CSRF tokens, as a person's browser sends them. */
public final class SignedInBrowser {

  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  private final int port;
  private final CookieManager cookies;
  private final HttpClient http;

  public SignedInBrowser(int port) {
    this(port, new CookieManager());
  }

  private SignedInBrowser(int port, CookieManager cookies) {
    this.port = port;
    this.cookies = cookies;
    this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** The same browser, its cookies included, sent to another node (as a proxy without stickiness may send it). */
  public SignedInBrowser on(int otherPort) {
    return new SignedInBrowser(otherPort, cookies);
  }

  /** Signs in on the sign-in page; answers where the browser was sent. */
  public HttpResponse<String> signIn(String user, String password) throws Exception {
    return postForm("/login", "/login", Map.of("username", user, "password", password));
  }

  public HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).header("Accept", "text/html").GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A call of the webapps' API, as Tasklist makes it. */
  public HttpResponse<String> api(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).header("Accept", "application/json").GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Follows redirects the way a browser does, answering the last page. */
  public HttpResponse<String> open(String path) throws Exception {
    HttpResponse<String> response = get(path);
    for (int i = 0; i < 5 && response.statusCode() / 100 == 3; i++) {
      response = get(response.headers().firstValue("Location").orElseThrow());
    }
    return response;
  }

  /** Posts a form as the page at {@code formPage} would, with that page's CSRF token. */
  public HttpResponse<String> postForm(String formPage, String action, Map<String, String> fields) throws Exception {
    String token = csrf(formPage);
    String body = fields.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"))
        + (token == null ? "" : "&_csrf=" + enc(token));
    return http.send(HttpRequest.newBuilder(uri(action)).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  public String csrf(String formPage) throws Exception {
    Matcher m = CSRF.matcher(get(formPage).body());
    return m.find() ? m.group(1) : null;
  }

  /** The webapps' CSRF token, which Cockpit and Tasklist send with each change. */
  public String webappToken() {
    return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
        .map(HttpCookie::getValue).reduce((a, b) -> b).orElse("");
  }

  public CookieManager cookies() {
    return cookies;
  }

  public HttpClient http() {
    return http;
  }

  /** The text of every page of the PDF at {@code path}, as this person downloads it. */
  public String pdfText(String path) throws Exception {
    HttpResponse<byte[]> pdf = http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofByteArray());
    com.lowagie.text.pdf.PdfReader reader = new com.lowagie.text.pdf.PdfReader(pdf.body());
    StringBuilder text = new StringBuilder();
    for (int page = 1; page <= reader.getNumberOfPages(); page++) {
      text.append(new com.lowagie.text.pdf.parser.PdfTextExtractor(reader).getTextFromPage(page)).append('\n');
    }
    return text.toString();
  }

  public URI uri(String path) {
    return path.startsWith("http") ? URI.create(path) : URI.create("http://localhost:" + port + path);
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
