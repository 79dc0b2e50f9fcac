package org.coachgrant.security;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A test-only switch: with the system property {@code coachgrant.gateway.record} naming a file, every call
 * the gateway lets through is appended to it, one tab-separated line each (method, the path as its row
 * names it, the caller's groups, content type, query parameters, body members). That is how the
 * allow-list was written: from the record of the browser tests and the REST recipe
 * ({@code ./mvnw -B -o test -Pbrowser -Dcoachgrant.gateway.record=target/traffic.tsv}).
 */
final class TrafficRecord {

  private static final String FILE = System.getProperty("coachgrant.gateway.record");

  private TrafficRecord() {}

  static void write(HttpServletRequest request, String path, AllowList.Caller caller, List<AllowList.Row> routes,
      Map<String, List<String>> query, JsonNode body) {
    if (FILE == null) {
      return;
    }
    TreeSet<String> members = new TreeSet<>();
    if (body != null && body.isObject()) {
      body.fieldNames().forEachRemaining(members::add);
    }
    String line = String.join("\t", request.getMethod(), routes.isEmpty() ? path : routes.get(0).path(),
        String.join(",", caller.groups()), String.valueOf(request.getContentType()), String.join(",", new TreeSet<>(query.keySet())),
        String.join(",", members)) + "\n";
    synchronized (TrafficRecord.class) {
      try {
        Files.writeString(Path.of(FILE), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
