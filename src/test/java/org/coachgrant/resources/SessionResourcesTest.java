package org.coachgrant.resources;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.coaching.Coaching;
import org.coachgrant.coaching.CoachingGroups;
import org.coachgrant.coaching.CoachingProcess;
import org.coachgrant.system.SignedInBrowser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A session's resources (issue 24, point 4): attached by a coordinator or the group's coach, read by the programme's
 * people only, refused in words when the file or link is wrong, and nothing stored then; in the session's emails.
 */
class SessionResourcesTest extends CoachgrantTest {

  static final byte[] PDF = "%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
  static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};

  @LocalServerPort int port;
  @Autowired Coaching coaching;
  @Autowired CoachingGroups groups;
  @Autowired ResourceFiles files;

  private final HttpClient http = HttpClient.newHttpClient();
  private final Instant start = Instant.now().plus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);

  /** Two groups of a programme: group 1 coached by carl, group 2 by cleo; a delegate of group 2 catches up in group 1. */
  record Setup(Fixture fixture, long session, String delegate, String otherDelegate, String guest, String guestUrn) {}

  private Setup setup;

  @BeforeEach
  void twoGroups() {
    person("carl", "coaches");
    person("cleo", "coaches");
    person("ada", "camunda-admin");
    Fixture f = fixture("100000", "1500");
    List<Fixture> all = new ArrayList<>(List.of(f));
    for (int i = 1; i < 8; i++) {
      all.add(enrol(f.programmeCode(), f.programmeId()));
    }
    coaching.allocate(f.programmeCode());
    List<CoachingGroups.Group> allocated = groups.groups(f.programmeId());
    jdbc.sql("update coaching_group set coach_id = 'carl' where id = ?").param(allocated.get(0).id()).update();
    jdbc.sql("update coaching_group set coach_id = 'cleo' where id = ?").param(allocated.get(1).id()).update();
    for (int g = 1; g <= 2; g++) {
      coaching.schedule(f.programmeCode(), g, List.of(
          new Coaching.SessionInput(start.plus(g, ChronoUnit.HOURS), null, "Ipswich Library, room 2"),
          new Coaching.SessionInput(start.plus(7, ChronoUnit.DAYS), null, "Ipswich Library, room 2"),
          new Coaching.SessionInput(start.plus(14, ChronoUnit.DAYS), null, "Ipswich Library, room 2")));
    }
    long session = sessions.find(allocated.get(0).id(), 1).orElseThrow().id();
    String delegate = manager(all, allocated.get(0).members().get(0).urn());
    String other = manager(all, allocated.get(1).members().get(0).urn());
    String guestUrn = allocated.get(1).members().get(1).urn();
    setup = new Setup(f, session, delegate, other, manager(all, guestUrn), guestUrn);
  }

  private static String manager(List<Fixture> all, String urn) {
    return all.stream().filter(x -> x.settingUrn().equals(urn)).findFirst().orElseThrow().manager();
  }

  @Test
  void aCoachAndACoordinatorAttachAndTheProgrammesPeopleDownload() throws Exception {
    HttpResponse<String> link = postJson("carl", "/api/sessions/" + setup.session() + "/resources",
        "{\"title\": \"Video: talking with children\", \"url\": \"https://example.org/video\"}");
    assertThat(link.statusCode()).as(link.body()).isEqualTo(201);
    HttpResponse<String> file = upload("cora", setup.session(), "Session 1 slides", "slides.pdf", PDF);
    assertThat(file.statusCode()).as(file.body()).isEqualTo(201);
    assertThat(file.body()).contains("\"contentType\":\"application/pdf\"").contains("\"fileName\":\"slides.pdf\"");
    long fileId = id(file.body());

    guest();
    HttpResponse<String> list = get(setup.delegate(), "/api/sessions/" + setup.session() + "/resources");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains("Video: talking with children").contains("https://example.org/video")
        .contains("Session 1 slides").doesNotContain("stored");

    for (String allowed : List.of("cora", "carl", setup.delegate(), setup.guest(), "ada")) {
      HttpResponse<byte[]> download = signedIn(allowed).http().send(HttpRequest.newBuilder(
          URI.create("http://localhost:" + port + "/resources/" + fileId)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(download.statusCode()).as(allowed).isEqualTo(200);
      assertThat(download.body()).isEqualTo(PDF);
      assertThat(download.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("application/pdf");
      assertThat(download.headers().firstValue("Content-Disposition").orElseThrow()).isEqualTo("attachment; filename=\"slides.pdf\"");
      assertThat(download.headers().firstValue("X-Content-Type-Options").orElseThrow()).isEqualTo("nosniff");
    }
    // a delegate and the coach of another group, a reviewer: nothing is there for them
    for (String refused : List.of(setup.otherDelegate(), "cleo", "ruth")) {
      assertThat(signedIn(refused).get("/resources/" + fileId).statusCode()).as(refused).isEqualTo(404);
      assertThat(get(refused, "/api/sessions/" + setup.session() + "/resources").statusCode()).as(refused).isEqualTo(404);
    }
    // a delegate reads, and never changes
    assertThat(upload(setup.delegate(), setup.session(), "Mine", "mine.pdf", PDF).statusCode()).isEqualTo(403);
    assertThat(delete(setup.delegate(), "/api/resources/" + fileId).statusCode()).isEqualTo(403);
    HttpResponse<String> othersResource = delete("cleo", "/api/resources/" + fileId);
    assertThat(othersResource.statusCode()).isEqualTo(404);
    // the same words as for a resource that does not exist: no session id, nothing to tell the two apart
    HttpResponse<String> missing = delete("cleo", "/api/resources/" + (fileId + 1_000_000));
    assertThat(othersResource.body()).isEqualTo(missing.body()).doesNotContain(String.valueOf(setup.session()))
        .contains("This was not found, or is not yours to see.");
    assertThat(delete("carl", "/api/resources/" + fileId).statusCode()).isEqualTo(200);
    assertThat(stored()).isEqualTo(1);
    assertThat(jdbc.sql("select count(*) from session_resource_file f join session_resource r on r.id = f.resource_id"
        + " where r.session_id = ?").param(setup.session()).query(Integer.class).single()).isZero();
  }

  @Test
  void aFileOfTheWrongTypeIsRefusedAndNothingIsStored() throws Exception {
    assertRefused(upload("cora", setup.session(), "Run me", "setup.exe", "MZ\u0090\u0000".getBytes(StandardCharsets.ISO_8859_1)),
        "file", "must be a PDF, an Office document");
    assertRefused(upload("cora", setup.session(), "Notes", "notes.pdf", "just some text".getBytes(StandardCharsets.UTF_8)),
        "file", "is not a PDF inside");
    assertRefused(upload("cora", setup.session(), "Slides", "slides.png", PDF), "file", "is a PDF inside but its name ends .png");
    assertRefused(upload("cora", setup.session(), "Picture", "picture.pdf", PNG), "file", "is a PNG image inside");
    assertRefused(upload("cora", setup.session(), "Old", "old.doc", new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0}),
        "file", "must be a PDF, an Office document");
    assertRefused(upload("cora", setup.session(), "Macro", "macro.docx", zip("[Content_Types].xml", "word/document.xml",
        "word/vbaProject.bin")), "file", "is not a Word document inside");
    assertRefused(upload("cora", setup.session(), "", "slides.pdf", PDF), "title", "enter a title");
    assertRefused(upload("cora", setup.session(), "x".repeat(201), "slides.pdf", PDF), "title", "at most 200 characters");
    assertRefused(postJson("cora", "/api/sessions/" + setup.session() + "/resources",
        "{\"title\": \"Click\", \"url\": \"javascript:alert(document.cookie)\"}"), "url", "starting https:// or http://");
    assertRefused(postJson("cora", "/api/sessions/" + setup.session() + "/resources",
        "{\"title\": \"Data\", \"url\": \"data:text/html,<script>alert(1)</script>\"}"), "url", "");
    assertRefused(postJson("cora", "/api/sessions/" + setup.session() + "/resources",
        "{\"title\": \"Long\", \"url\": \"https://example.org/" + "a".repeat(2000) + "\"}"), "url", "at most 2000 characters");
    assertRefused(postJson("cora", "/api/sessions/" + setup.session() + "/resources",
        "{\"title\": \"Slides \u202Egnp.exe\", \"url\": \"https://example.org/x\"}"), "title", "text-direction");
    assertThat(stored()).isZero();

    HttpResponse<String> docx = upload("cora", setup.session(), "Handout", "handout.docx",
        zip("[Content_Types].xml", "_rels/.rels", "word/document.xml"));
    assertThat(docx.statusCode()).as(docx.body()).isEqualTo(201);
    assertThat(docx.body()).contains("wordprocessingml");
    // a rename changes the title only: a link or anything else sent with it is refused, not dropped
    assertRefused(http.send(request("cora", "/api/resources/" + id(docx.body())).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"title\": \"x\", \"url\": \"javascript:alert(1)\"}")).build(),
        HttpResponse.BodyHandlers.ofString()), "url", "only the title of a resource can");
  }

  @Test
  void aFileOver20MbIsA400AndNothingIsStored() throws Exception {
    byte[] justOver = new byte[SessionResources.MAX_FILE_BYTES + 1];
    System.arraycopy(PDF, 0, justOver, 0, PDF.length);
    assertRefused(upload("cora", setup.session(), "Big", "big.pdf", justOver), "file", "must be at most 20 MB");
    assertRefused(upload("cora", setup.session(), "Bigger", "bigger.pdf", new byte[25 * 1024 * 1024]), "file", "must be at most 20 MB");
    assertThat(stored()).isZero();

    byte[] exactly = new byte[SessionResources.MAX_FILE_BYTES];
    System.arraycopy(PDF, 0, exactly, 0, PDF.length);
    assertThat(upload("cora", setup.session(), "Exactly 20 MB", "big.pdf", exactly).statusCode()).isEqualTo(201);
  }

  @Test
  void onThePageAFileOver20MbIsRefusedBesideTheFieldAndEveryOtherUploadKeepsIts10Mb() throws Exception {
    SignedInBrowser carl = signedIn("carl");
    String page = "/programmes/" + setup.fixture().programmeCode() + "/sessions/" + setup.session() + "/resources";
    byte[] justOver = new byte[SessionResources.MAX_FILE_BYTES + 1];
    System.arraycopy(PDF, 0, justOver, 0, PDF.length);
    HttpResponse<String> refused = pageUpload(carl, page, page + "/files", "resourceFile", "big.pdf", justOver);
    assertThat(refused.statusCode()).isEqualTo(200);
    assertThat(refused.body()).contains("File: must be at most 20 MB").contains("id=\"resourceFile-error\"");
    assertThat(pageUpload(carl, page, page + "/files", "resourceFile", "big.pdf", new byte[22 * 1024 * 1024]).statusCode())
        .isEqualTo(400);
    assertThat(stored()).isZero();

    // the enrolment file, as before: 10 MB
    SignedInBrowser cora = signedIn("cora");
    String enrol = "/programmes/" + setup.fixture().programmeCode() + "/enrolments";
    assertThat(pageUpload(cora, enrol, enrol + "/file", "file", "settings.csv", new byte[11 * 1024 * 1024]).statusCode())
        .isEqualTo(413);
  }

  @Test
  void inFolderModeTheFileIsWrittenUnderANameOfItsOwnAndRemovedWithItsResource() throws Exception {
    Path folder = Files.createTempDirectory(Path.of("target"), "resources-");
    Path was = files.useFolder(folder);
    try {
      assertRefused(upload("cora", setup.session(), "Slides", "slides.png", PDF), "file", "is a PDF inside");
      assertThat(Files.list(folder).count()).as("nothing left by a refused file").isZero();

      HttpResponse<String> added = upload("carl", setup.session(), "Slides", "../../etc/slides.pdf", PDF);
      assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
      assertThat(added.body()).contains("\"fileName\":\"slides.pdf\"");
      List<Path> inFolder = Files.list(folder).toList();
      assertThat(inFolder).hasSize(1);
      assertThat(inFolder.get(0).getFileName().toString()).matches("[0-9a-f-]{36}\\.bin");
      assertThat(Files.readAllBytes(inFolder.get(0))).isEqualTo(PDF);
      long id = id(added.body());
      assertThat(jdbc.sql("select count(*) from session_resource_file where resource_id = ?").param(id).query(Integer.class).single())
          .as("no bytes in the database").isZero();

      HttpResponse<byte[]> download = signedIn(setup.delegate()).http().send(HttpRequest.newBuilder(
          URI.create("http://localhost:" + port + "/resources/" + id)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(download.body()).isEqualTo(PDF);

      assertThat(delete("cora", "/api/resources/" + id).statusCode()).isEqualTo(200);
      assertThat(Files.list(folder).count()).isZero();
    } finally {
      files.useFolder(was);
    }
  }

  @Test
  void theCoachKeepsThemOnThePageAndTheDelegateReadsThemOnMyPage() throws Exception {
    SignedInBrowser carl = signedIn("carl");
    String page = "/programmes/" + setup.fixture().programmeCode() + "/sessions/" + setup.session() + "/resources";
    assertThat(carl.get(page).statusCode()).isEqualTo(200);
    HttpResponse<String> refused = carl.postForm(page, page + "/links", Map.of("linkTitle", "Bad", "url", "javascript:alert(1)"));
    assertThat(refused.statusCode()).isEqualTo(200);
    assertThat(refused.body()).contains("Web address: must be a web address starting https://").contains("aria-invalid=\"true\"");
    assertThat(carl.postForm(page, page + "/links", Map.of("linkTitle", "Reading list", "url", "https://example.org/reading"))
        .statusCode()).isEqualTo(302);
    assertThat(carl.get(page).body()).contains("Reading list");

    assertThat(signedIn("cleo").get(page).statusCode()).as("the coach of another group").isEqualTo(404);
    // a reviewer is refused by the sign-in's rules, and told the same: not found
    HttpResponse<String> reviewer = signedIn("ruth").get(page);
    assertThat(reviewer.statusCode()).as("a reviewer").isEqualTo(404);
    assertThat(reviewer.body()).contains("<h1>You can't open this page</h1>");
    assertThat(signedIn("ruth").get(page.replace(String.valueOf(setup.session()), "999999999")).statusCode())
        .as("a reviewer, a session that does not exist").isEqualTo(404);
    assertThat(signedIn(setup.delegate()).get(page).statusCode()).as("a delegate").isEqualTo(403);
    String my = signedIn(setup.delegate()).get("/my").body();
    assertThat(my).contains("Resources of your sessions").contains("Reading list").contains("https://example.org/reading");
    assertThat(signedIn(setup.otherDelegate()).get("/my").body()).doesNotContain("Reading list");
    assertThat(signedIn("cora").get("/programmes/" + setup.fixture().programmeCode() + "/groups").body()).contains(page);
  }

  @Test
  void theInvitationAndTheReminderListTheResourcesWithLinksToCoachgrant() throws Exception {
    postJson("carl", "/api/sessions/" + setup.session() + "/resources",
        "{\"title\": \"Reading list\", \"url\": \"https://example.org/reading\"}");
    long fileId = id(upload("carl", setup.session(), "Session 1 slides", "slides.pdf", PDF).body());
    executeJobs();
    sendEmails();
    assertThat(text(last(setup.delegate(), "Invitation"))).as("sent when the sessions were scheduled, before anything was attached")
        .contains("will be on your page").doesNotContain("Reading list");
    // a catch-up's invitation, as Coaching.catchUp sends it, once the guest has missed their own group's session
    guest();
    runtime.startProcessInstanceByKey(CoachingProcess.NOTICE_KEY, Map.of(CoachingProcess.SESSION_ID.name(), setup.session(),
        "template", "session-invitation", "recipients", setup.guest()));
    executeJobs();
    sendEmails();
    MimeMessage invitation = last(setup.guest(), "Invitation");
    assertThat(text(invitation)).contains("Resources for this session").contains("- Reading list (Link): https://example.org/reading")
        .contains("- Session 1 slides (PDF, 1 KB): http://localhost:8080/resources/" + fileId);

    ClockUtil.setCurrentTime(Date.from(start.minus(2, ChronoUnit.HOURS)));
    executeJobs();
    sendEmails();
    MimeMessage reminder = last(setup.delegate(), "Reminder");
    assertThat(text(reminder)).contains("Reading list").contains("/resources/" + fileId);
    assertThat(html(reminder)).contains("href=\"http://localhost:8080/resources/" + fileId + "\"");
    assertThat(attachments(reminder)).as("the emails link the files, never carry them").isZero();
  }

  /** The delegate of group 2 is a catch-up guest of group 1's first session (as Coaching.catchUp records one). */
  private void guest() {
    long setting = jdbc.sql("select id from setting where urn = ?").param(setup.guestUrn()).query(Long.class).single();
    jdbc.sql("insert into session_guest (session_id, setting_id) values (?, ?)").params(setup.session(), setting).update();
  }

  // ---- helpers

  @Test
  void anUploadWithAStrayPartOrASecondFileIsRefusedByThePartsNameAndNothingIsStored() throws Exception {
    String api = "/api/sessions/" + setup.session() + "/resources";
    assertRefused(parts(http, request("cora", api), "title=Slides", "file:file", "extra=1"), "extra",
        "extra: is not a part of a file upload (only title and file)");
    assertRefused(parts(http, request("cora", api), "title=Slides", "file:file", "file:file"), "file",
        "file: must be one file (2 were sent)");
    assertRefused(parts(http, request("cora", api), "title=Slides", "file:file", "file:other"), "other",
        "other: is not a part of a file upload");
    assertRefused(parts(http, request("cora", api), "title=Slides", "title=Again", "file:file"), "title",
        "title: must be sent once (was sent 2 times)");

    SignedInBrowser carl = signedIn("carl");
    String page = "/programmes/" + setup.fixture().programmeCode() + "/sessions/" + setup.session() + "/resources";
    HttpResponse<String> twoFiles = parts(carl.http(), HttpRequest.newBuilder(carl.uri(page + "/files")),
        "_csrf=" + carl.csrf(page), "fileTitle=Slides", "file:resourceFile", "file:resourceFile");
    assertThat(twoFiles.body()).contains("File: must be one file (2 were sent)").contains("id=\"resourceFile-error\"");
    HttpResponse<String> stray = parts(carl.http(), HttpRequest.newBuilder(carl.uri(page + "/files")),
        "_csrf=" + carl.csrf(page), "fileTitle=Slides", "file:resourceFile", "sneaky=1");
    assertThat(stray.body()).contains("File: only a title and one file can be sent (the form also sent \u201csneaky\u201d)")
        .contains("id=\"resourceFile-error\"");
    assertThat(stored()).isZero();
  }

  /** A multipart body of text parts ({@code name=value}) and PDF files ({@code file:name}). */
  private static HttpResponse<String> parts(HttpClient client, HttpRequest.Builder to, String... parts) throws Exception {
    String boundary = "----coachgrant" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (String part : parts) {
      if (part.startsWith("file:")) {
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part.substring(5)
            + "\"; filename=\"slides.pdf\"\r\nContent-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(PDF);
        body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
      } else {
        String[] field = part.split("=", 2);
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field[0] + "\"\r\n\r\n" + field[1]
            + "\r\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return client.send(to.header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
  }

  private int stored() {
    return jdbc.sql("select count(*) from session_resource where session_id = ?").param(setup.session()).query(Integer.class).single();
  }

  private static void assertRefused(HttpResponse<String> response, String field, String rule) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.body()).contains("\"field\":\"" + field + "\"").contains(rule).doesNotContain("Exception");
  }

  private static long id(String body) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"id\":(\\d+)").matcher(body);
    assertThat(m.find()).as(body).isTrue();
    return Long.parseLong(m.group(1));
  }

  static byte[] zip(String... names) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (String name : names) {
        zip.putNextEntry(new ZipEntry(name));
        zip.write("<x/>".getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }

  private SignedInBrowser signedIn(String user) throws Exception {
    SignedInBrowser browser = new SignedInBrowser(port);
    assertThat(browser.signIn(user, PASSWORD).headers().firstValue("Location").orElseThrow()).doesNotContain("error");
    return browser;
  }

  private HttpRequest.Builder request(String user, String path) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization",
        "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
  }

  private HttpResponse<String> get(String user, String path) throws Exception {
    return http.send(request(user, path).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> delete(String user, String path) throws Exception {
    return http.send(request(user, path).DELETE().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> postJson(String user, String path, String json) throws Exception {
    return http.send(request(user, path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> upload(String user, long session, String title, String fileName, byte[] content) throws Exception {
    String boundary = "----coachgrant" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n" + title + "\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
        + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    body.writeBytes(content);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return http.send(request(user, "/api/sessions/" + session + "/resources")
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> pageUpload(SignedInBrowser browser, String formPage, String action, String field,
      String fileName, byte[] content) throws Exception {
    String token = browser.csrf(formPage);
    String boundary = "----coachgrant" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + token + "\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"fileTitle\"\r\n\r\nBig\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + fileName + "\"\r\n"
        + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    body.writeBytes(content);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return browser.http().send(HttpRequest.newBuilder(browser.uri(action))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static MimeMessage last(String manager, String subject) throws Exception {
    MimeMessage found = null;
    for (MimeMessage message : MAIL.getReceivedMessagesForDomain(manager + "@example.org")) {
      if (message.getSubject().contains(subject)) {
        found = message;
      }
    }
    assertThat(found).as("an email to " + manager + " about " + subject).isNotNull();
    return found;
  }

  private static String html(jakarta.mail.Part part) throws Exception {
    if (part.isMimeType("text/html")) {
      return (String) part.getContent();
    }
    if (part.getContent() instanceof jakarta.mail.Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        String html = html(multipart.getBodyPart(i));
        if (html != null) {
          return html;
        }
      }
    }
    return null;
  }

  private static int attachments(jakarta.mail.Part part) throws Exception {
    int count = jakarta.mail.Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) && !part.isMimeType("text/calendar") ? 1 : 0;
    if (part.getContent() instanceof jakarta.mail.Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        count += attachments(multipart.getBodyPart(i));
      }
    }
    return count;
  }
}
