package org.coachgrant.programme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import jakarta.mail.internet.MimeMessage;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Date;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.runtime.Job;
import org.coachgrant.system.SignedInBrowser;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.CoachgrantTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Enrolling settings and their managers: one by one, or from the CSV exports programmes keep as a
 * background import a coordinator follows; never changing an existing account.
 */
class EnrolmentTest extends CoachgrantTest {

  private static final String HEADER = "Setting name,URN,Manager name,Email\n";

  @Autowired TestRestTemplate http;
  @Autowired DataSource dataSource;
  @LocalServerPort int port;

  @Test
  void anUploadAnswersAtOnceAndTheImportReportsEveryRow() {
    Fixture f = fixture("10000", "1500");
    String tag = tag(f);
    String csv = """
        Setting name,URN,Manager name,Email,Notes
        Acorn Nursery,A%1$s1,Alice Example,alice.%1$s@example.org,
        Birch Pre-School,A%1$s2,Bola Example,,no email
        "Cedar Day Nursery, Annexe",A%1$s3,Cara Example,cara.%1$s@example.org,
        Damson Childcare,A%1$s4,Dev Example,alice.%1$s@example.org,same manager as line 2
        Elm Nursery,A%1$s5,Eve Example,eve.%1$s@example.org,
        %2$s,A%1$s6,Finn Example,finn.%1$s@example.org,
        Gorse Nursery,<script>,Gil Example,gil.%1$s@example.org,
        Holly%3$sNursery,A%1$s8,Hal Example,hal.%1$s@example.org,
        """.formatted(tag, "F".repeat(5000), "\u202E");

    ResponseEntity<Map> accepted = upload("cora", f.programmeCode(), csv);
    assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    String address = accepted.getHeaders().getLocation().toString();
    assertThat(accepted.getBody()).containsEntry("url", address).containsEntry("state", "QUEUED")
        .containsEntry("rows", 8).containsEntry("processed", 0).containsKey("id");
    assertThat(programmes.findSettingByUrn("A" + tag + "1")).as("nothing enrolled before the import runs").isEmpty();

    runImport(f.programmeCode(), ((Number) accepted.getBody().get("id")).longValue());
    Map<String, Object> report = status("cora", address).getBody();
    assertThat(report).containsEntry("state", "FINISHED").containsEntry("processed", 8).containsEntry("enrolled", 3)
        .containsEntry("alreadyEnrolled", 0).containsEntry("refused", 5).containsEntry("ignoredColumns", List.of("Notes"));
    assertThat(rows(report)).extracting(r -> r.get("line"), r -> r.get("outcome"), r -> r.get("column"))
        .containsExactly(tuple(2, "ENROLLED", null), tuple(3, "REFUSED", "email"), tuple(4, "ENROLLED", null),
            tuple(5, "REFUSED", "email"), tuple(6, "ENROLLED", null), tuple(7, "REFUSED", "setting name"),
            tuple(8, "REFUSED", "URN"), tuple(9, "REFUSED", "setting name"));
    assertThat(rows(report).get(1).get("reason")).isEqualTo("is required");
    assertThat(rows(report).get(3).get("reason").toString()).contains("a duplicate manager");
    assertThat(rows(report).get(5).get("reason")).isEqualTo("must be at most 200 characters (was 201)");
    assertThat(rows(report).get(6).get("reason").toString()).startsWith("must be letters, digits and hyphens");
    assertThat(rows(report).get(7).get("reason")).isEqualTo("must not contain control or text-direction characters");
    assertThat(programmes.findSettingByUrn("A" + tag + "3").orElseThrow().name()).isEqualTo("Cedar Day Nursery, Annexe");
    assertThat(welcomes(f.programmeCode())).as("each welcome a job of its own, not sent by the import").hasSize(3);

    ResponseEntity<Map> second = upload("cora", f.programmeCode(), csv);
    runImport(f.programmeCode(), ((Number) second.getBody().get("id")).longValue());
    Map<String, Object> again = status("colin", second.getHeaders().getLocation().toString()).getBody();
    assertThat(again).containsEntry("enrolled", 0).containsEntry("alreadyEnrolled", 3).containsEntry("refused", 5);
    assertThat(identity.createUserQuery().userEmail("alice." + tag + "@example.org").count()).isEqualTo(1);
    assertThat(jdbc.sql("select count(*) from enrolment where programme_id = ?").param(f.programmeId())
        .query(Integer.class).single()).isEqualTo(4);
    assertThat(welcomes(f.programmeCode())).as("nobody welcomed twice").hasSize(3);
    holdWelcomes(f.programmeCode());
  }

  @Test
  void fiveThousandRowsAreImportedInBatchesWhileTheWelcomesWait() {
    Fixture f = fixture("10000", "1500");
    String tag = tag(f);
    String csv = HEADER + IntStream.rangeClosed(1, 5000)
        .mapToObj(i -> "Setting %d,B%s%d,Manager %d,b%d.%s@example.org".formatted(i, tag, i, i, i, tag))
        .collect(Collectors.joining("\n"));

    ResponseEntity<Map> accepted = upload("cora", f.programmeCode(), csv);
    assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    int batches = runImport(f.programmeCode(), ((Number) accepted.getBody().get("id")).longValue());

    assertThat(batches).as("one job per batch of 200 rows, and one that finds none left").isEqualTo(26);
    Map<String, Object> report = status("cora", accepted.getHeaders().getLocation().toString()).getBody();
    assertThat(report).containsEntry("state", "FINISHED").containsEntry("enrolled", 5000).containsEntry("refused", 0);
    assertThat(rows(report)).hasSize(5000).allMatch(r -> r.get("outcome").equals("ENROLLED"));
    assertThat(welcomes(f.programmeCode())).as("5,000 welcomes for the job executor to pace").hasSize(5000);
    holdWelcomes(f.programmeCode());
  }

  @Test
  void aFailurePartWayLosesNoRowAlreadyReported() {
    Fixture f = fixture("10000", "1500");
    String tag = tag(f);
    String csv = HEADER + IntStream.rangeClosed(1, 250)
        .mapToObj(i -> "Setting %d,C%s%d,Manager %d,c%d.%s@example.org".formatted(i, tag, i, i, i, tag))
        .collect(Collectors.joining("\n"));
    ResponseEntity<Map> accepted = upload("cora", f.programmeCode(), csv);
    String address = accepted.getHeaders().getLocation().toString();
    ProcessInstance importing = importProcess(f.programmeCode(), ((Number) accepted.getBody().get("id")).longValue());

    management.executeJob(job(importing).getId());
    assertThat(status("cora", address).getBody()).containsEntry("state", "RUNNING").containsEntry("processed", 200)
        .containsEntry("enrolled", 200);
    engine.getRepositoryService().suspendProcessDefinitionByKey(EnrolmentProcesses.WELCOME_KEY);
    try {
      assertThatThrownBy(() -> management.executeJob(job(importing).getId()))
          .as("the second batch fails: no welcome can start");
    } finally {
      engine.getRepositoryService().activateProcessDefinitionByKey(EnrolmentProcesses.WELCOME_KEY);
    }
    assertThat(status("cora", address).getBody()).containsEntry("processed", 200).containsEntry("enrolled", 200);
    assertThat(jdbc.sql("select count(*) from enrolment where programme_id = ?").param(f.programmeId())
        .query(Integer.class).single()).as("the fixture's setting and the first batch").isEqualTo(201);

    management.executeJob(job(importing).getId());
    assertThat(status("cora", address).getBody()).containsEntry("state", "FINISHED").containsEntry("enrolled", 250)
        .containsEntry("alreadyEnrolled", 0);
    assertThat(welcomes(f.programmeCode())).hasSize(250);
    holdWelcomes(f.programmeCode());
  }

  @Test
  void anEnrolledManagerIsWelcomedWithHowToLogIn() throws Exception {
    Fixture f = fixture("10000", "1500");
    ResponseEntity<Map> enrolled = http.withBasicAuth("cora", PASSWORD).postForEntity(
        "/api/programmes/{code}/enrolments", Map.of("settingName", "Fern Nursery", "urn", f.programmeCode() + "F",
            "managerName", "Fay Example", "email", "fay." + f.programmeId() + "@example.org"), Map.class, f.programmeCode());
    assertThat(enrolled.getBody()).containsEntry("outcome", "ENROLLED");
    executeJobs();

    MimeMessage[] welcome = MAIL.getReceivedMessagesForDomain("fay." + f.programmeId() + "@example.org");
    assertThat(welcome).hasSize(1);
    String text = text(welcome[0]);
    String userId = text.replaceAll("(?s).*User name:\\s+(\\S+).*", "$1");
    String password = text.replaceAll("(?s).*Password:\\s+(\\S+).*", "$1");
    assertThat(identity.checkPassword(userId, password)).as("the password in the email works").isTrue();
    assertThat(groups(userId)).containsExactly("managers");
    assertThat(jdbc.sql("select body_text from email_outbox where recipient = ?").param("fay." + f.programmeId() + "@example.org")
        .query(String.class).single()).as("the stored copy keeps no password").doesNotContain(password).contains("(not stored)");
  }

  @Test
  void aWelcomeTheMailServerRefusedSetsNoPasswordAndItsRetryIssuesOne() throws Exception {
    Fixture f = fixture("10000", "1500");
    String email = "gus." + f.programmeId() + "@example.org";
    MAIL.stop();
    try {
      http.withBasicAuth("cora", PASSWORD).postForEntity("/api/programmes/{code}/enrolments", Map.of("settingName",
          "Gorse Nursery", "urn", f.programmeCode() + "G", "managerName", "Gus Example", "email", email), Map.class,
          f.programmeCode());
      executeJobs();
    } finally {
      MAIL.start();
    }
    String userId = jdbc.sql("select manager_user_id from setting where urn = ?").param(f.programmeCode() + "G")
        .query(String.class).single();
    assertThat(identity.createUserQuery().userId(userId).singleResult().getPassword())
        .as("no password set by an email that did not go").isNull();

    ClockUtil.setCurrentTime(new Date(ClockUtil.getCurrentTime().getTime() + 61_000));
    executeJobs();
    MimeMessage[] welcome = MAIL.getReceivedMessagesForDomain(email);
    assertThat(welcome).hasSize(1);
    String password = text(welcome[0]).replaceAll("(?s).*Password:\\s+(\\S+).*", "$1");
    assertThat(identity.checkPassword(userId, password)).as("the password the retry issued works").isTrue();
  }

  @Test
  void aManagerEnrolledAgainSignsInAsBefore() throws Exception {
    Fixture first = fixture("10000", "1500");
    Setting setting = programmes.findSetting(first.settingId()).orElseThrow();
    String second = "S" + first.programmeCode();
    programmes.createProgramme(second, "Second programme", new BigDecimal("10000"), new BigDecimal("1500"),
        LocalDate.now().plusDays(30));
    person("mo" + first.settingId(), "managers");
    String newUrn = "N" + first.settingId();

    ResponseEntity<Map> accepted = upload("cora", second, HEADER + setting.name() + "," + setting.urn() + ","
        + setting.managerName() + "," + setting.managerEmail().toUpperCase() + "\nNew Setting," + newUrn
        + ",Mo Example,mo" + first.settingId() + "@example.org\n");
    runImport(second, ((Number) accepted.getBody().get("id")).longValue());
    assertThat(status("cora", accepted.getHeaders().getLocation().toString()).getBody()).containsEntry("enrolled", 2);
    executeJobs();

    for (String manager : List.of(first.manager(), "mo" + first.settingId())) {
      assertThat(identity.checkPassword(manager, PASSWORD)).as(manager + "'s password is theirs still").isTrue();
      assertThat(groups(manager)).containsExactly("managers");
      MimeMessage[] welcome = MAIL.getReceivedMessagesForDomain(manager + "@example.org");
      assertThat(welcome).hasSize(1);
      assertThat(text(welcome[0])).contains("sign in as before", "user name " + manager).doesNotContain("Password:");
      assertThat(welcome[0].getSubject()).isEqualTo("Welcome to Second programme");
    }
    assertThat(programmes.findSettingByUrn(newUrn).orElseThrow().managerUserId()).isEqualTo("mo" + first.settingId());
    assertThat(identity.createUserQuery().userEmail(setting.managerEmail()).count()).as("no second account").isEqualTo(1);
  }

  @Test
  void anAddressOfAnyoneButAManagerIsRefusedAndTheirAccountUntouched() {
    Fixture f = fixture("10000", "1500");
    person("carl", "coaches");
    person("sam", "senior-reviewers");
    person("dual" + f.settingId(), "managers");
    person("dual" + f.settingId(), "coaches");
    List<String> people = List.of("cora", "ruth", "carl", "sam", "admin", "dual" + f.settingId());
    String csv = HEADER + IntStream.range(0, people.size())
        .mapToObj(i -> "Setting %d,D%s%d,Someone,%s@example.org".formatted(i, tag(f), i, people.get(i)))
        .collect(Collectors.joining("\n"));
    Map<String, List<String>> groupsBefore = people.stream().collect(Collectors.toMap(p -> p, this::groups));

    ResponseEntity<Map> accepted = upload("cora", f.programmeCode(), csv);
    runImport(f.programmeCode(), ((Number) accepted.getBody().get("id")).longValue());
    Map<String, Object> report = status("cora", accepted.getHeaders().getLocation().toString()).getBody();
    assertThat(report).containsEntry("enrolled", 0).containsEntry("refused", people.size());
    assertThat(rows(report)).allSatisfy(r -> {
      assertThat(r.get("column")).isEqualTo("email");
      assertThat(r.get("reason").toString()).startsWith("belongs to an account that is not a setting manager's");
    });
    ResponseEntity<Map> one = http.withBasicAuth("cora", PASSWORD).postForEntity("/api/programmes/{code}/enrolments",
        Map.of("settingName", "X", "urn", "X" + tag(f), "managerName", "Y", "email", "admin@example.org"), Map.class,
        f.programmeCode());
    assertThat(one.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(one.getBody()).containsEntry("field", "email");
    executeJobs();

    for (String person : people) {
      assertThat(groups(person)).as(person + "'s groups").isEqualTo(groupsBefore.get(person));
      assertThat(MAIL.getReceivedMessagesForDomain(person + "@example.org")).as(person + " gets no welcome").isEmpty();
    }
    assertThat(identity.checkPassword("cora", PASSWORD)).isTrue();
    assertThat(identity.checkPassword("admin", "Test-Only-Coach-7x!")).as("the administrator can still sign in").isTrue();
    assertThat(welcomes(f.programmeCode())).isEmpty();
  }

  @Test
  void aFileThatIsNotValidCsvIsRefusedNamingTheLine() {
    Fixture f = fixture("10000", "1500");
    ResponseEntity<Map> unterminated = upload("cora", f.programmeCode(),
        HEADER + "Acorn Nursery,A1,Alice,alice@example.org\n\"Birch Pre-School,A2,Bola,bola@example.org\nElm,A3,Eve,eve@example.org\n");
    assertThat(unterminated.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(unterminated.getBody()).containsEntry("field", "csv");
    assertThat(unterminated.getBody().get("message").toString()).startsWith("csv: line 3: is not valid CSV");

    ResponseEntity<Map> strayQuote = upload("cora", f.programmeCode(), HEADER + "\"Acorn\" Nursery,A1,Alice,alice@example.org\n");
    assertThat(strayQuote.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(strayQuote.getBody().get("message").toString()).startsWith("csv: line 2: is not valid CSV");

    ResponseEntity<Map> noEmail = upload("cora", f.programmeCode(), "Setting name,URN,Manager name\nAcorn,A1,Alice\n");
    assertThat(noEmail.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(noEmail.getBody().get("message").toString()).isEqualTo(
        "csv: line 1: the header row has no column email (expected: setting name, URN, manager name, email)");

    assertThat(upload("cora", f.programmeCode(), HEADER).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(upload("cora", f.programmeCode(), "").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(upload("cora", f.programmeCode(), "Email,Email\nx@example.org,y@example.org\n").getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(jdbc.sql("select count(*) from enrolment_import where programme_id = ?").param(f.programmeId())
        .query(Integer.class).single()).as("nothing staged").isZero();
  }

  @Test
  void aSpreadsheetExportWithAByteOrderMarkAndEmptyColumnsIsRead() {
    Fixture f = fixture("10000", "1500");
    ResponseEntity<Map> accepted = upload("cora", f.programmeCode(),
        "\uFEFFSetting name,URN,Manager name,Email,,\nGorse Nursery,G" + tag(f) + ",Gil Example,g." + tag(f) + "@example.org,,\n");
    assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    runImport(f.programmeCode(), ((Number) accepted.getBody().get("id")).longValue());
    assertThat(status("cora", accepted.getHeaders().getLocation().toString()).getBody()).containsEntry("enrolled", 1)
        .containsEntry("ignoredColumns", List.of());
    holdWelcomes(f.programmeCode());
  }

  @Test
  void aFileOverTheLimitsIsRefused() {
    Fixture f = fixture("10000", "1500");
    ResponseEntity<Map> tooManyRows = upload("cora", f.programmeCode(), HEADER + IntStream.rangeClosed(1, 20_001)
        .mapToObj(i -> "S,U" + i + ",M,m" + i + "@example.org").collect(Collectors.joining("\n")));
    assertThat(tooManyRows.getStatusCode()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
    assertThat(tooManyRows.getBody()).containsEntry("message", "csv: has more than 20000 rows: split it into several files");

    ResponseEntity<Map> tooLarge = upload("cora", f.programmeCode(), HEADER + "x".repeat(EnrolmentImports.MAX_BYTES));
    assertThat(tooLarge.getStatusCode()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
    // the request guard in front of every API refuses it before the upload is read
    assertThat(tooLarge.getBody()).containsEntry("field", "body").containsEntry("message", "body: must be at most 10 MB");
  }

  @Test
  void anImportWhoseBatchFailedEveryRetrySaysItHasStoppedAndGoesOnWhenRetried() throws Exception {
    Fixture f = fixture("10000", "1500");
    ResponseEntity<Map> accepted = upload("cora", f.programmeCode(), HEADER + "S,T" + tag(f) + ",M,t." + tag(f) + "@example.org\n");
    long id = ((Number) accepted.getBody().get("id")).longValue();
    String address = accepted.getHeaders().getLocation().toString();
    Job batch = job(importProcess(f.programmeCode(), id));
    management.setJobRetries(batch.getId(), 0);
    assertThat(status("cora", address).getBody()).as("out of retries: an incident").containsEntry("state", "STOPPED");
    SignedInBrowser cora = new SignedInBrowser(port);
    cora.signIn("cora", PASSWORD);
    assertThat(cora.open("/programmes/" + f.programmeCode() + "/enrolments/imports/" + id).body())
        .contains("The import has stopped").contains("#/process-instance/" + batch.getProcessInstanceId() + "/runtime");

    management.setJobRetries(batch.getId(), 1);
    runImport(f.programmeCode(), id);
    assertThat(status("cora", address).getBody()).containsEntry("state", "FINISHED").containsEntry("enrolled", 1);
    holdWelcomes(f.programmeCode());
  }

  @Test
  void onlyCoordinatorsEnrolAndFollowImports() {
    Fixture f = fixture("10000", "1500");
    assertThat(upload(f.manager(), f.programmeCode(), HEADER).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(http.postForEntity("/api/programmes/{code}/enrolments", csvEntity("x"), String.class, f.programmeCode())
        .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    ResponseEntity<Map> invalid = http.withBasicAuth("cora", PASSWORD).postForEntity("/api/programmes/{code}/enrolments",
        Map.of("settingName", "X", "urn", "X1", "managerName", "Y", "email", "not-an-address"), Map.class, f.programmeCode());
    assertThat(invalid.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(invalid.getBody()).containsEntry("field", "email");

    ResponseEntity<Map> accepted = upload("cora", f.programmeCode(), HEADER + "S,E" + tag(f) + ",M,e." + tag(f) + "@example.org\n");
    String address = accepted.getHeaders().getLocation().toString();
    assertThat(status(f.manager(), address).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(http.getForEntity(address, String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    Fixture other = fixture("10000", "1500");
    assertThat(status("cora", address.replace(f.programmeCode(), other.programmeCode())).getStatusCode())
        .as("an import is read under its own programme").isEqualTo(HttpStatus.NOT_FOUND);
    runImport(f.programmeCode(), ((Number) accepted.getBody().get("id")).longValue());
    holdWelcomes(f.programmeCode());
  }

  @Test
  void managersAreFoundByEmailThroughAnIndex() throws Exception {
    assertThat(indexedColumns("setting")).contains("manager_email");
    assertThat(indexedColumns("act_id_user")).contains("email_");
  }

  private List<String> indexedColumns(String table) throws Exception {
    try (var connection = dataSource.getConnection()) {
      List<String> columns = new java.util.ArrayList<>();
      for (String name : List.of(table, table.toUpperCase())) {
        try (var indexes = connection.getMetaData().getIndexInfo(null, null, name, false, false)) {
          while (indexes.next()) {
            if (indexes.getString("COLUMN_NAME") != null) {
              columns.add(indexes.getString("COLUMN_NAME").toLowerCase());
            }
          }
        }
      }
      return columns;
    }
  }

  private static String tag(Fixture f) {
    return f.programmeCode().replaceAll("[^A-Za-z0-9]", "").toLowerCase();
  }

  private ProcessInstance importProcess(String programmeCode, long importId) {
    return runtime.createProcessInstanceQuery()
        .processInstanceBusinessKey(EnrolmentProcesses.importBusinessKey(programmeCode, importId)).singleResult();
  }

  private Job job(ProcessInstance instance) {
    return management.createJobQuery().processInstanceId(instance.getId()).singleResult();
  }

  /** Runs this import's jobs, one batch each, as the job executor would; the welcomes they start wait. */
  private int runImport(String programmeCode, long importId) {
    int jobs = 0;
    for (ProcessInstance instance = importProcess(programmeCode, importId); instance != null;
        instance = importProcess(programmeCode, importId)) {
      management.executeJob(job(instance).getId());
      jobs++;
    }
    return jobs;
  }

  /** The welcome jobs waiting for this programme's managers. */
  private List<Job> welcomes(String programmeCode) {
    java.util.Set<String> instances = runtime.createProcessInstanceQuery().processDefinitionKey(EnrolmentProcesses.WELCOME_KEY)
        .processInstanceBusinessKeyLike(programmeCode + "/%").active().list().stream().map(ProcessInstance::getId)
        .collect(Collectors.toSet());
    return management.createJobQuery().processDefinitionKey(EnrolmentProcesses.WELCOME_KEY).list().stream()
        .filter(job -> instances.contains(job.getProcessInstanceId())).toList();
  }

  /**
   * Suspends the welcomes an import left waiting: the job of a suspended instance is not executable, so
   * no other test sends them (suspending is one cheap command; deleting thousands of instances is not).
   */
  private void holdWelcomes(String programmeCode) {
    List<String> ids = runtime.createProcessInstanceQuery().processDefinitionKey(EnrolmentProcesses.WELCOME_KEY)
        .processInstanceBusinessKeyLike(programmeCode + "/%").list().stream().map(ProcessInstance::getId).toList();
    if (!ids.isEmpty()) {
      runtime.updateProcessInstanceSuspensionState().byProcessInstanceIds(ids).suspend();
    }
  }

  private List<String> groups(String userId) {
    return identity.createGroupQuery().groupMember(userId).list().stream().map(Group::getId).sorted().toList();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> rows(Map<String, Object> report) {
    return (List<Map<String, Object>>) report.get("report");
  }

  private ResponseEntity<Map> upload(String user, String programmeCode, String csv) {
    return http.withBasicAuth(user, PASSWORD).postForEntity("/api/programmes/{code}/enrolments", csvEntity(csv),
        Map.class, programmeCode);
  }

  private ResponseEntity<Map> status(String user, String address) {
    return http.withBasicAuth(user, PASSWORD).getForEntity(address, Map.class);
  }

  private static HttpEntity<String> csvEntity(String csv) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.parseMediaType("text/csv;charset=UTF-8"));
    return new HttpEntity<>(csv, headers);
  }
}
