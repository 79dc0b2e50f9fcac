package org.coachgrant.time;

import org.coachgrant.format.WebFormat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 20, point 1: the server's own time zone never decides a time people read or type. Every time goes through
 * {@link WebFormat}'s zones (the programme's, else {@code coachgrant.time-zone}); this keeps the JVM's out of the code.
 */
class NoServerZoneTest {

  private static final Pattern SERVER_ZONE = Pattern.compile(
      "ZoneId\\.systemDefault\\(\\)|TimeZone\\.getDefault\\(\\)|(LocalDate|LocalDateTime|LocalTime|YearMonth|ZonedDateTime)\\.now\\(\\)"
          + "|\\.toLocalDateTime\\(\\)|new SimpleDateFormat|Calendar\\.getInstance\\(\\)");

  @Test
  void noMainCodeReadsTheServersZone() throws Exception {
    List<String> found;
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      found = files.filter(p -> p.toString().endsWith(".java")).flatMap(p -> {
        try {
          List<String> lines = Files.readAllLines(p);
          return java.util.stream.IntStream.range(0, lines.size())
              .filter(i -> SERVER_ZONE.matcher(lines.get(i)).find())
              .mapToObj(i -> p + ":" + (i + 1) + ": " + lines.get(i).strip());
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
    }
    assertThat(found).as("times read in the server's zone").isEmpty();
  }
}
