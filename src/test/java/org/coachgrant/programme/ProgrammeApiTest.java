package org.coachgrant.programme;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.coachgrant.CoachgrantTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** A coordinator creates a programme; every field is checked. */
class ProgrammeApiTest extends CoachgrantTest {

  @Autowired TestRestTemplate http;

  @Test
  void aCoordinatorCreatesAProgrammeWithTheReferenceDefaults() {
    Map<String, Object> programme = programmeBody();
    ResponseEntity<Map> created = http.withBasicAuth("cora", PASSWORD).postForEntity("/api/programmes", programme, Map.class);
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(created.getBody()).containsEntry("groupSizeLimit", 6).containsEntry("sessionCount", 3)
        .containsEntry("sessionMinutes", 120).containsEntry("code", programme.get("code"))
        .containsEntry("reviewWorkingDays", 10);

    Map<String, Object> quicker = programmeBody();
    quicker.put("reviewWorkingDays", 5);
    assertThat(http.withBasicAuth("cora", PASSWORD).postForEntity("/api/programmes", quicker, Map.class).getBody())
        .containsEntry("reviewWorkingDays", 5);
  }

  @Test
  void badFieldsAreRefusedByName() {
    assertRefused("budget", -5, "budget: must not be negative");
    assertRefused("grantCap", 90000, "grantCap: must be at most 63000");
    assertRefused("groupSizeLimit", 0, "groupSizeLimit: must be between 1 and 30");
    assertRefused("planDeadline", "2020-01-01", "planDeadline: must be after today");
    assertRefused("planDeadline", "9999-12-31", "planDeadline: must be within 3 years, by ");
    assertRefused("code", "has spaces", "code: may hold only letters, digits and hyphens");
    assertRefused("colour", "blue", "colour: is not a field of a programme");
    assertRefused("reviewWorkingDays", 0, "reviewWorkingDays: must be between 1 and 60");
    assertRefused("reviewWorkingDays", "ten", "reviewWorkingDays: must be a whole number");
  }

  @Test
  void badLetterSettingsAreRefusedByName() {
    assertRefused("contactEmail", "grants at example.org", "contactEmail: must be an email address like grants@example.org");
    assertRefused("contactEmail", "a@b.c\"><script>", "contactEmail: must be an email address");
    assertRefused("contactEmail", "x".repeat(250) + "@example.org", "contactEmail: must be at most 254 characters");
    assertRefused("contactName", "Priya O'Neill", "contactEmail: is required when the letter names a contact");
    assertRefused("issuingBody", "x".repeat(201), "issuingBody: must be at most 200 characters");
    assertRefused("issuingBody", "Early Years\u202EAlliance", "issuingBody: must not contain control or text-direction");
    assertRefused("grantTerms", "x".repeat(4001), "grantTerms: must be at most 4000 characters");
    assertRefused("grantTerms", 42, "grantTerms: must be text");
  }

  @Test
  void onlyCoordinatorsCreateProgrammes() {
    var refused = http.withBasicAuth("ruth", PASSWORD).postForEntity("/api/programmes", programmeBody(), String.class);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(refused.getBody()).contains("\"type\":\"Forbidden\"").contains("Only coordinators create programmes");
    assertThat(http.postForEntity("/api/programmes", programmeBody(), String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  private void assertRefused(String field, Object value, String message) {
    Map<String, Object> programme = programmeBody();
    programme.put(field, value);
    ResponseEntity<Map> response = http.withBasicAuth("cora", PASSWORD).postForEntity("/api/programmes", programme, Map.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) response.getBody().get("message")).startsWith(message);
  }
}
