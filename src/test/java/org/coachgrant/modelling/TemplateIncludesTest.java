package org.coachgrant.modelling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.notification.EmailTemplates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Templates read only templates (issue 18, point 4). The attack as reported: the template preview with
 * {@code #include("../../etc/passwd")} (or {@code #parse}) answered the file, {@code data/coachgrant.mv.db} the
 * H2 database, {@code app.log} the log. Now {@code #parse} and {@code #include} read only another template's
 * part, in the preview, in the check before a version is saved, and in the emails of a stored version.
 */
class TemplateIncludesTest extends CoachgrantTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "SECRET-" + UUID.randomUUID();

  @Autowired TestRestTemplate http;
  @Autowired EmailTemplates templates;

  /** The files of the working folder a template reached, made here when the run has none. */
  private final List<Path> made = new ArrayList<>();

  @BeforeEach
  void filesWorthReading() throws Exception {
    person("ada", "camunda-admin");
    for (Path file : List.of(Path.of("data/coachgrant.mv.db"), Path.of("app.log"))) {
      if (!Files.exists(file)) {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, SECRET + " password hashes and log lines\n");
        made.add(file);
      }
    }
  }

  @AfterEach
  void removeThem() throws Exception {
    for (Path file : made) {
      Files.deleteIfExists(file);
    }
  }

  static List<String> everyIncludeForm() {
    String absolute = Path.of("app.log").toAbsolutePath().toString();
    List<String> forms = new ArrayList<>();
    for (String path : List.of("../../etc/passwd", "/etc/passwd", "data/coachgrant.mv.db", "app.log", "./app.log",
        absolute, "file:///etc/passwd", "file:app.log", "classpath:/application.yaml", "application.yaml",
        "/templates/plan-approved/subject.vm", "plan-approved/../../app.log", "plan-approved/../../../../etc/passwd",
        "templates/plan-approved/body.txt.vm", "META-INF/MANIFEST.MF", "plan-approved\\..\\..\\app.log")) {
      forms.add("#include(\"" + path + "\")");
      forms.add("#parse(\"" + path + "\")");
      forms.add("#set($p = \"" + path + "\")#include($p)");
      forms.add("#set($p = \"" + path + "\")#parse(\"$p\")");
      forms.add("#include('plan-approved/subject.vm', '" + path + "')");
    }
    return forms;
  }

  @Test
  void thePreviewReadsNoFileWhateverTheIncludeForm() throws Exception {
    for (String form : everyIncludeForm()) {
      ResponseEntity<String> preview = preview(Map.of("subject.vm", "Your grant", "body.txt.vm", "Before " + form + " after",
          "body.html.vm", "<p>Hello</p>"));
      assertThat(preview.getStatusCode()).as(form + ": " + preview.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(preview.getBody()).as(form).doesNotContain(SECRET).doesNotContain("root:").doesNotContain("coachgrant:")
          .doesNotContain("Exception").doesNotContain("org.apache");
      JsonNode problem = JSON.readTree(preview.getBody()).path("problems").get(0);
      assertThat(problem.path("file").asText()).isEqualTo("templates/plan-approved/body.txt.vm");
      assertThat(problem.path("rule").asText()).as(form).isEqualTo("template-include");
      assertThat(problem.path("message").asText()).contains("Template \"plan-approved\", body.txt.vm: #parse and #include "
          + "read only another template's part");
    }
  }

  @Test
  void aTemplateMayStillIncludeAnotherTemplatesPart() throws Exception {
    ResponseEntity<String> preview = preview(Map.of("subject.vm", "Your grant",
        "body.txt.vm", "Subject was: #parse(\"plan-approved/subject.vm\")", "body.html.vm", "<p>Hello</p>"));
    assertThat(preview.getStatusCode()).as(preview.getBody()).isEqualTo(HttpStatus.OK);
    assertThat(JSON.readTree(preview.getBody()).path("text").asText()).startsWith("Subject was: Grant letter");
  }

  @Test
  void aSubjectThatDoesNotParseIsA400NamingTheTemplateAndTheRule() throws Exception {
    for (String part : EmailTemplates.PARTS) {
      Map<String, String> parts = new java.util.HashMap<>(Map.of("subject.vm", "Your grant", "body.txt.vm", "Hello",
          "body.html.vm", "<p>Hello</p>"));
      parts.put(part, "Grant #if($plan");
      ResponseEntity<String> preview = preview(parts);
      assertThat(preview.getStatusCode()).as(part + ": " + preview.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
      JsonNode problem = JSON.readTree(preview.getBody()).path("problems").get(0);
      assertThat(problem.path("file").asText()).isEqualTo("templates/plan-approved/" + part);
      assertThat(problem.path("rule").asText()).isEqualTo("parses");
      assertThat(problem.path("message").asText()).startsWith("Template \"plan-approved\", " + part + ": does not parse");
      assertThat(preview.getBody()).doesNotContain("Exception").doesNotContain("org.apache");
    }
  }

  @Test
  void anUnclosedDirectiveInTheSubjectIsA400NamingTheSubjectAndWhere() throws Exception {
    for (String subject : List.of("Grant #if(", "Grant #if($plan)", "Grant #foreach(", "Grant ${plan", "#set(", "Grant #end")) {
      ResponseEntity<String> preview = preview(Map.of("subject.vm", subject, "body.txt.vm", "Hello", "body.html.vm", "<p>Hello</p>"));
      assertThat(preview.getStatusCode()).as(subject + ": " + preview.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
      JsonNode body = JSON.readTree(preview.getBody());
      assertThat(body.path("field").asText()).as(subject).isEqualTo("subject.vm");
      assertThat(body.path("message").asText()).as(subject)
          .matches("Template \"plan-approved\", subject\\.vm: does not parse \\(line \\d+, column \\d+.*");
      assertThat(preview.getBody()).doesNotContain("Exception").doesNotContain("org.apache");
    }
  }

  @Test
  void aVersionThatIncludesAFileIsNotSaved() throws Exception {
    for (String form : List.of("#include(\"../../etc/passwd\")", "#parse(\"app.log\")", "#include(\"data/coachgrant.mv.db\")")) {
      ResponseEntity<String> saved = http.withBasicAuth("ada", PASSWORD).postForEntity("/api/admin/models/templates/plan-approved",
          DeploymentChecksTest.jsonEntity(Map.of("subject.vm", "Your grant", "body.txt.vm", form, "body.html.vm", "<p>Hello</p>",
              "reason", "Trying an include")), String.class);
      assertThat(saved.getStatusCode()).as(form).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(saved.getBody()).contains("\"rule\":\"template-include\"").doesNotContain(SECRET).doesNotContain("root:");
    }
  }

  @Test
  void aStoredVersionThatIncludesAFileSendsNoEmailWithIt() {
    // as a version saved before this check would be: straight into the table
    String template = "probe-" + UUID.randomUUID().toString().substring(0, 8);
    for (String form : everyIncludeForm()) {
      jdbc.sql("delete from template_version where template = ?").param(template).update();
      jdbc.sql("insert into template_version (template, version, subject, body_text, body_html, saved_by, saved_at) "
          + "values (?, 1, 'Hello', ?, '<p>Hello</p>', 'test', ?)").params(template, form, Timestamp.from(Instant.now())).update();
      assertThatThrownBy(() -> templates.render(template, Map.of("p", "/etc/passwd"))).as(form)
          .satisfies(refused -> assertThat(String.valueOf(refused.getMessage())).doesNotContain(SECRET).doesNotContain("root:"));
    }
    jdbc.sql("delete from template_version where template = ?").param(template).update();
  }

  private ResponseEntity<String> preview(Map<String, String> parts) throws Exception {
    return http.withBasicAuth("ada", PASSWORD).postForEntity("/api/admin/models/templates/plan-approved/preview",
        DeploymentChecksTest.jsonEntity(Map.copyOf(parts)), String.class);
  }
}
