package org.coachgrant.privacy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.coachgrant.admin.Roles;
import org.coachgrant.security.Callers;
import org.coachgrant.format.WebFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriUtils;

/**
 * A person's data as a page for administrators ({@code /admin/people/{userId}}, with the JSON to download), and the
 * person's own download from their page ({@code /my/data}): both are {@link PersonalData}'s one answer. And the
 * programmes' retention schedule ({@code /admin/retention}).
 */
@Controller
class PeoplePages {

  private final PersonalData data;
  private final Callers callers;
  private final WebFormat fmt;
  private final Retention retention;
  private final Erasure erasure;

  PeoplePages(PersonalData data, Callers callers, WebFormat fmt, Retention retention, Erasure erasure) {
    this.retention = retention;
    this.erasure = erasure;
    this.data = data;
    this.callers = callers;
    this.fmt = fmt;
  }

  /** Where an administrator starts: find a person's data, the erasures so far, the retention schedule. */
  @GetMapping("/admin/people")
  String people(@RequestParam(required = false) String userId, Model model) {
    List<Erasure.Done> done = erasure.record();
    if (userId != null && !userId.isBlank()) {
      return "redirect:/admin/people/" + UriUtils.encodePathSegment(userId.strip(), StandardCharsets.UTF_8);
    }
    model.addAttribute("erasures", done);
    return "people/index";
  }

  /** Each programme's retention periods, the next date due first. */
  @GetMapping("/admin/retention")
  String retention(Model model) {
    model.addAttribute("periods", retention.schedule());
    return "people/retention";
  }

  @GetMapping("/admin/people/{userId}")
  String person(@PathVariable String userId, Model model) {
    callers.requireAnyOf(Set.of(Roles.ADMINISTRATORS), "Only administrators see another person's data");
    PersonalData.Report report = data.of(userId);
    model.addAttribute("report", report);
    model.addAttribute("tables", report.tables().stream().map(this::shown).toList());
    return "people/person";
  }

  /** The same JSON as the API, as a file to save: for the administrator's page. */
  @GetMapping("/admin/people/{userId}/data.json")
  ResponseEntity<PersonalData.Report> download(@PathVariable String userId) {
    callers.requireAnyOf(Set.of(Roles.ADMINISTRATORS), "Only administrators see another person's data");
    return asFile(data.of(userId));
  }

  /** The signed-in person's own data, as a file to save. */
  @GetMapping("/my/data")
  ResponseEntity<PersonalData.Report> mine() {
    return asFile(data.of(callers.current().getUserId()));
  }

  private static ResponseEntity<PersonalData.Report> asFile(PersonalData.Report report) {
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
            .filename("personal-data-" + report.userId().replaceAll("[^A-Za-z0-9._-]", "_") + ".json").build().toString())
        .body(report);
  }

  /** A table as the page shows it: its columns, and each value in words (dates and times in en-GB, in the programme zone). */
  record Shown(String name, String holds, List<String> columns, List<List<String>> rows) {}

  private Shown shown(PersonalData.Table table) {
    List<String> columns = table.rows().isEmpty() ? List.of() : List.copyOf(table.rows().get(0).keySet());
    List<List<String>> rows = table.rows().stream()
        .map(row -> columns.stream().map(c -> words(row.get(c))).toList()).toList();
    return new Shown(table.name(), table.holds(), columns, rows);
  }

  private String words(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof java.time.Instant || value instanceof java.time.LocalDate) {
      return fmt.dateTime(value);
    }
    if (value instanceof Boolean b) {
      return b ? "yes" : "no";
    }
    if (value instanceof BigDecimal amount) {
      return amount.toPlainString();
    }
    if (value instanceof byte[]) {
      return "(binary)";
    }
    return String.valueOf(value);
  }
}
