package org.coachgrant.programme;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Map;
import org.coachgrant.CoachgrantTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Enrolling settings and their managers from the CSV exports programmes keep. */
class EnrolmentTest extends CoachgrantTest {

  @Autowired TestRestTemplate http;

  @Test
  void badRowsAreReportedWithTheirLineAndGoodRowsKept() {
    Fixture f = fixture("10000", "1500");
    String tag = f.programmeCode().replaceAll("[^A-Za-z0-9]", "").toLowerCase();
    String csv = """
        Setting name,URN,Manager name,Email,Notes
        Acorn Nursery,A%1$s1,Alice Example,alice.%1$s@example.org,
        Birch Pre-School,A%1$s2,Bola Example,,no email
        "Cedar Day Nursery, Annexe",A%1$s3,Cara Example,cara.%1$s@example.org,
        Damson Childcare,A%1$s4,Dev Example,alice.%1$s@example.org,same manager as line 2
        Elm Nursery,A%1$s5,Eve Example,eve.%1$s@example.org,
        """.formatted(tag);

    Map<String, Object> report = importCsv("cora", f.programmeCode(), csv).getBody();
    assertThat(report.get("enrolled")).isEqualTo(3);
    assertThat((List<Map<String, Object>>) report.get("problems"))
        .extracting(p -> p.get("line"), p -> p.get("message").toString().replaceAll(":.*", ""))
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "unknown column 'Notes' (expected"),
            org.assertj.core.groups.Tuple.tuple(3, "email"),
            org.assertj.core.groups.Tuple.tuple(5, "email"));
    assertThat(programmes.findSettingByUrn("A" + tag + "3").orElseThrow().name()).isEqualTo("Cedar Day Nursery, Annexe");

    Map<String, Object> again = importCsv("cora", f.programmeCode(), csv).getBody();
    assertThat(again.get("enrolled")).isEqualTo(0);
    assertThat(again.get("alreadyEnrolled")).isEqualTo(3);
    assertThat(identity.createUserQuery().userEmail("alice." + tag + "@example.org").count()).isEqualTo(1);
    assertThat(jdbc.sql("select count(*) from enrolment where programme_id = ?").param(f.programmeId())
        .query(Integer.class).single()).isEqualTo(4);
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
    assertThat(identity.createUserQuery().userId(userId).memberOfGroup("managers").count()).isEqualTo(1);
    assertThat(jdbc.sql("select body_text from email_outbox where recipient = ?").param("fay." + f.programmeId() + "@example.org")
        .query(String.class).single()).as("the stored copy keeps no password").doesNotContain(password).contains("(not stored)");
  }

  @Test
  void onlyCoordinatorsEnrol() {
    Fixture f = fixture("10000", "1500");
    assertThat(importCsv(f.manager(), f.programmeCode(), "Setting name,URN,Manager name,Email\n").getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(http.postForEntity("/api/programmes/{code}/enrolments", csvEntity("x"), String.class, f.programmeCode())
        .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    ResponseEntity<Map> invalid = http.withBasicAuth("cora", PASSWORD).postForEntity("/api/programmes/{code}/enrolments",
        Map.of("settingName", "X", "urn", "X1", "managerName", "Y", "email", "not-an-address"), Map.class, f.programmeCode());
    assertThat(invalid.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(invalid.getBody()).containsEntry("field", "email");
  }

  private ResponseEntity<Map> importCsv(String user, String programmeCode, String csv) {
    return http.withBasicAuth(user, PASSWORD).postForEntity("/api/programmes/{code}/enrolments", csvEntity(csv),
        Map.class, programmeCode);
  }

  private static HttpEntity<String> csvEntity(String csv) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.parseMediaType("text/csv"));
    return new HttpEntity<>(csv, headers);
  }
}
