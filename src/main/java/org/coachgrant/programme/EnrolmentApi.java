package org.coachgrant.programme;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.coachgrant.admin.Roles;
import org.coachgrant.security.Callers;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code /api/programmes/{code}/enrolments}: coordinators enrol settings one by one (JSON, answered at
 * once) or from a CSV export ({@code Content-Type: text/csv}, answered 202 with the address of the
 * import, which reports its progress and then every row). The enrolment then acts for the system: it
 * creates the managers' users, which the coordinator may not do in Admin.
 */
@RestController
@RequestMapping("/api/programmes/{code}/enrolments")
class EnrolmentApi {

  private static final Set<String> MAY_ENROL = Set.of(Roles.COORDINATORS, Roles.ADMINISTRATORS);

  private final Enrolments enrolments;
  private final EnrolmentImports imports;
  private final Callers callers;

  EnrolmentApi(Enrolments enrolments, EnrolmentImports imports, Callers callers) {
    this.enrolments = enrolments;
    this.imports = imports;
    this.callers = callers;
  }

  @PostMapping(consumes = "application/json")
  Map<String, Object> enrolOne(@PathVariable String code, @RequestBody Enrolments.Row row) {
    return Map.of("outcome", asSystem(() -> enrolments.enrol(code, row)));
  }

  /** Reads at most {@link EnrolmentImports#MAX_BYTES}, so an over-long file is refused without being held. */
  @PostMapping(consumes = "text/csv")
  ResponseEntity<EnrolmentImports.Status> importCsv(@PathVariable String code, InputStream body) throws IOException {
    String uploadedBy = callers.requireAnyOf(MAY_ENROL, "Only coordinators enrol settings").getUserId();
    byte[] bytes = body.readNBytes(EnrolmentImports.MAX_BYTES + 1);
    long id = asSystem(() -> imports.upload(code, bytes, uploadedBy));
    EnrolmentImports.Status status = imports.find(code, id).orElseThrow();
    return ResponseEntity.accepted().location(URI.create(status.url())).body(status);
  }

  @GetMapping("/imports/{id}")
  EnrolmentImports.Status importStatus(@PathVariable String code, @PathVariable long id) {
    callers.requireAnyOf(MAY_ENROL, "Only coordinators follow enrolment imports");
    return imports.find(code, id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
  }

  @ExceptionHandler(EnrolmentImports.TooLargeException.class)
  @ResponseStatus(HttpStatus.PAYLOAD_TOO_LARGE)
  Map<String, String> tooLarge(EnrolmentImports.TooLargeException e) {
    return Map.of("type", "InvalidInput", "field", "csv", "message", e.getMessage());
  }

  private <T> T asSystem(Supplier<T> action) {
    callers.requireAnyOf(MAY_ENROL, "Only coordinators enrol settings");
    return callers.asSystem(action);
  }
}
