package org.coachgrant.programme;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.security.Callers;
import org.coachgrant.time.EngineTime;
import org.coachgrant.forms.InvalidInputException;
import org.coachgrant.security.SystemAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Enrolment from a CSV export (setting name, URN, manager name, email; a header row first) as a
 * background import. The upload checks the file and stages its rows; the {@code enrolmentImport} process
 * then enrols them in batches, each batch a job and a transaction of its own, so a failure or a restart
 * part-way loses no row already reported, and the job executor paces the welcome emails apart from it.
 */
@Service
public class EnrolmentImports {

  private static final Logger LOG = LoggerFactory.getLogger(EnrolmentImports.class);

  /** The largest file and the most rows one upload may hold (docs/coordinators-guide.md, "Enrolment"). */
  public static final int MAX_BYTES = 10 * 1024 * 1024;
  public static final int MAX_ROWS = 20_000;

  public enum RowOutcome { PENDING, ENROLLED, ALREADY_ENROLLED, REFUSED }

  /** One row of the report, with the values the file gave; {@code column} and {@code reason} only for a refused row. */
  public record RowReport(long line, RowOutcome outcome, String settingName, String urn, String email, String column,
      String reason) {

    /** The refusal as a sentence that names its column, as the page shows it: "Email is required". */
    public String problem() {
      if (reason == null) {
        return null;
      }
      return column == null ? reason : Character.toUpperCase(column.charAt(0)) + column.substring(1) + " " + reason;
    }
  }

  /** Where an import stands; {@code report} lists every row once the import is finished. */
  public record Status(long id, String url, String programmeCode, String state, int rows, int processed, int enrolled,
      int alreadyEnrolled, int refused, List<String> ignoredColumns, String uploadedBy, Instant uploadedAt,
      Instant finishedAt, List<RowReport> report) {}

  /** Too large to import: answered 413. */
  public static class TooLargeException extends RuntimeException {
    TooLargeException(String message) {
      super(message);
    }
  }

  private static final Map<String, String> COLUMNS = Map.of(
      "setting name", "settingName", "setting", "settingName", "urn", "urn", "manager name", "managerName",
      "manager", "managerName", "email", "email", "manager email", "email", "email address", "email");
  /** The field each column fills, in the words of the documented header. */
  private static final Map<String, String> COLUMN_NAMES = Map.of(
      "settingName", "setting name", "urn", "URN", "managerName", "manager name", "email", "email");
  private static final List<String> FIELDS = List.of("settingName", "urn", "managerName", "email");
  /** Spreadsheets export empty columns with empty names: they are ignored, as unknown columns are. */
  private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
      .setAllowMissingColumnNames(true).setIgnoreEmptyLines(true).setTrim(true).get();

  private final JdbcClient jdbc;
  private final JdbcTemplate batchJdbc;
  private final ProgrammeRepository programmes;
  private final Enrolments enrolments;
  private final RuntimeService runtime;
  private final Callers callers;
  private final int batchSize;

  EnrolmentImports(JdbcClient jdbc, JdbcTemplate batchJdbc, ProgrammeRepository programmes, Enrolments enrolments,
      RuntimeService runtime, Callers callers, @Value("${coachgrant.enrolment.batch-size:200}") int batchSize) {
    this.jdbc = jdbc;
    this.batchJdbc = batchJdbc;
    this.programmes = programmes;
    this.enrolments = enrolments;
    this.runtime = runtime;
    this.callers = callers;
    this.batchSize = batchSize;
  }

  private record Staged(long line, Enrolments.Row row) {}

  /**
   * An uploaded file, as it comes from the API or the page: at most {@link #MAX_BYTES}, UTF-8, with or
   * without the byte order mark a spreadsheet puts before a UTF-8 export.
   */
  public long upload(String programmeCode, byte[] file, String uploadedBy) {
    if (file.length > MAX_BYTES) {
      throw new TooLargeException("csv: is larger than " + MAX_BYTES / (1024 * 1024) + " MB: split it into several files");
    }
    String csv = new String(file, java.nio.charset.StandardCharsets.UTF_8);
    return start(programmeCode, new java.io.StringReader(csv.startsWith("\uFEFF") ? csv.substring(1) : csv), uploadedBy);
  }

  /**
   * Checks the file (CSV syntax, the columns, the limits), stages its rows and starts their import.
   * A file that cannot be read is refused whole, naming the line; a row that breaks a rule is refused on
   * its own when its batch comes.
   */
  @Transactional
  public long start(String programmeCode, Reader csv, String uploadedBy) {
    Programme programme = programmes.findProgrammeByCode(programmeCode).orElseThrow(() ->
        new InvalidInputException("programmeCode", "no programme has the code '" + programmeCode + "'"));
    List<Staged> rows = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    try (CSVParser parser = parse(csv)) {
      Map<String, String> columns = new LinkedHashMap<>();
      for (String header : parser.getHeaderNames()) {
        if (header.isBlank()) {
          continue;
        }
        String field = COLUMNS.get(header.toLowerCase(Locale.ROOT).replace('_', ' ').strip());
        if (field == null || columns.containsKey(field)) {
          ignored.add(header);
        } else {
          columns.put(field, header);
        }
      }
      List<String> missing = FIELDS.stream().filter(f -> !columns.containsKey(f))
          .map(COLUMN_NAMES::get).toList();
      if (!missing.isEmpty()) {
        throw new InvalidInputException("csv", "line 1: the header row has no column " + String.join(", ", missing)
            + " (expected: setting name, URN, manager name, email)");
      }
      Iterator<CSVRecord> records = parser.iterator();
      long lastLine = parser.getCurrentLineNumber();
      while (hasNext(records, lastLine + 1)) {
        CSVRecord record = records.next();
        lastLine = parser.getCurrentLineNumber();
        if (rows.size() == MAX_ROWS) {
          throw new TooLargeException("csv: has more than " + MAX_ROWS + " rows: split it into several files");
        }
        rows.add(new Staged(lastLine, new Enrolments.Row(value(record, columns, "settingName", Enrolments.NAME_LENGTH),
            value(record, columns, "urn", Enrolments.URN_LENGTH),
            value(record, columns, "managerName", Enrolments.NAME_LENGTH),
            value(record, columns, "email", Enrolments.EMAIL_LENGTH))));
      }
    } catch (IOException | UncheckedIOException e) {
      throw new InvalidInputException("csv", "cannot be read");
    }
    if (rows.isEmpty()) {
      throw new InvalidInputException("csv", "has no rows under its header row");
    }
    long importId = insertImport(programme.id(), rows.size(), ignored, uploadedBy);
    batchJdbc.batchUpdate("insert into enrolment_import_row (import_id, line, setting_name, urn, manager_name, email,"
        + " outcome) values (?, ?, ?, ?, ?, ?, 'PENDING')", rows, 1000, (statement, staged) -> {
          statement.setLong(1, importId);
          statement.setLong(2, staged.line());
          statement.setString(3, staged.row().settingName());
          statement.setString(4, staged.row().urn());
          statement.setString(5, staged.row().managerName());
          statement.setString(6, staged.row().email());
        });
    SystemAccess.run(() -> runtime.createProcessInstanceByKey(EnrolmentProcesses.IMPORT_KEY)
        .businessKey(EnrolmentProcesses.importBusinessKey(programme.code(), importId))
        .setVariable(EnrolmentProcesses.IMPORT_ID.name(), importId)
        .execute());
    LOG.info("Enrolment import {} of {} rows into {} uploaded by {}", importId, rows.size(), programme.code(), uploadedBy);
    return importId;
  }

  private static CSVParser parse(Reader csv) throws IOException {
    try {
      return FORMAT.parse(csv);
    } catch (IllegalArgumentException | UncheckedIOException | IOException e) {
      throw new InvalidInputException("csv", "line 1: the header row is not valid CSV (a quote not closed, or a"
          + " column name given twice)");
    }
  }

  /** A syntax error in a row refuses the whole file, naming the line its row starts on. */
  private static boolean hasNext(Iterator<CSVRecord> records, long line) {
    try {
      return records.hasNext();
    } catch (UncheckedIOException | IllegalStateException e) {
      throw new InvalidInputException("csv", "line " + line + ": is not valid CSV: a quoted value is not closed,"
          + " or a quote stands inside a value that is not quoted (write a quote inside quotes as \"\")");
    }
  }

  /** The value, cut one character past what enrolment allows, so that it is still refused for its length. */
  private static String value(CSVRecord record, Map<String, String> columns, String field, int maxLength) {
    String header = columns.get(field);
    if (!record.isSet(header)) {
      return null;
    }
    String value = record.get(header);
    return value.length() > maxLength + 1 ? value.substring(0, maxLength + 1) : value;
  }

  private long insertImport(long programmeId, int rowCount, List<String> ignored, String uploadedBy) {
    var keys = new GeneratedKeyHolder();
    String ignoredColumns = ignored.isEmpty() ? null : String.join("\n", ignored);
    if (ignoredColumns != null && ignoredColumns.length() > 2000) {
      throw new InvalidInputException("csv", "line 1: the header row has too many columns");
    }
    jdbc.sql("insert into enrolment_import (programme_id, row_count, ignored_columns, uploaded_by, uploaded_at)"
            + " values (?, ?, ?, ?, ?)")
        .params(programmeId, rowCount, ignoredColumns, uploadedBy, EngineTime.now()).update(keys, "id");
    return keys.getKey().longValue();
  }

  /**
   * Enrols the import's next batch of rows in the caller's transaction (the job's), each row's outcome
   * with it; true while rows remain.
   */
  @Transactional
  public boolean enrolNextBatch(long importId) {
    long programmeId = jdbc.sql("select programme_id from enrolment_import where id = ?").param(importId)
        .query(Long.class).single();
    Programme programme = programmes.findProgramme(programmeId).orElseThrow();
    List<PendingRow> batch = jdbc.sql("select id, line, setting_name, urn, manager_name, email from enrolment_import_row"
            + " where import_id = ? and outcome = 'PENDING' order by line fetch first ? rows only")
        .params(importId, batchSize)
        .query((rs, n) -> new PendingRow(rs.getLong("id"), new Enrolments.Row(rs.getString("setting_name"),
            rs.getString("urn"), rs.getString("manager_name"), rs.getString("email")))).list();
    for (PendingRow pending : batch) {
      try {
        Enrolments.Outcome outcome = enrolments.enrol(programme, pending.row());
        jdbc.sql("update enrolment_import_row set outcome = ? where id = ?").params(outcome.name(), pending.id()).update();
      } catch (InvalidInputException refused) {
        jdbc.sql("update enrolment_import_row set outcome = 'REFUSED', field = ?, reason = ? where id = ?")
            .params(refused.getField(), rule(refused), pending.id()).update();
      }
    }
    if (batch.size() == batchSize) {
      return true;
    }
    jdbc.sql("update enrolment_import set finished_at = ? where id = ?").params(EngineTime.now(), importId).update();
    LOG.info("Enrolment import {} finished", importId);
    return false;
  }

  private record PendingRow(long id, Enrolments.Row row) {}

  private static String rule(InvalidInputException refused) {
    String reason = refused.getMessage().substring(refused.getField().length() + 2);
    return reason.length() > 1000 ? reason.substring(0, 997) + "..." : reason;
  }

  /** Where an import reports on itself. */
  public static String address(String programmeCode, long importId) {
    return UriComponentsBuilder.fromPath("/api/programmes/{code}/enrolments/imports/{id}")
        .buildAndExpand(programmeCode, importId).encode().toUriString();
  }

  /**
   * The process instance of an unfinished import whose batch failed all its retries (an incident): it waits for an
   * administrator to retry it in Cockpit. The rows already enrolled stay enrolled; a retry goes on from the next row.
   */
  public Optional<String> stoppedAt(String programmeCode, long importId) {
    // a coordinator has no engine grant to read the import's instance: they were checked before they got here
    return callers.asSystem(() -> {
      ProcessInstance instance = runtime.createProcessInstanceQuery()
          .processInstanceBusinessKey(EnrolmentProcesses.importBusinessKey(programmeCode, importId),
              EnrolmentProcesses.IMPORT_KEY)
          .singleResult();
      return instance != null && runtime.createIncidentQuery().processInstanceId(instance.getId()).count() > 0
          ? Optional.of(instance.getId()) : Optional.<String>empty();
    });
  }

  /** The import, if it belongs to the programme. */
  public Optional<Status> find(String programmeCode, long importId) {
    record Import(long id, String code, int rowCount, String ignored, String uploadedBy, Instant uploadedAt,
        Instant finishedAt) {}
    Optional<Import> found = jdbc.sql("select i.id, p.code, i.row_count, i.ignored_columns, i.uploaded_by,"
            + " i.uploaded_at, i.finished_at from enrolment_import i join programme p on p.id = i.programme_id"
            + " where i.id = ? and p.code = ?")
        .params(importId, programmeCode)
        .query((rs, n) -> new Import(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5),
            rs.getTimestamp(6).toInstant(), Optional.ofNullable(rs.getTimestamp(7)).map(Timestamp::toInstant).orElse(null)))
        .optional();
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Import i = found.get();
    Map<RowOutcome, Integer> counts = new EnumMap<>(RowOutcome.class);
    jdbc.sql("select outcome, count(*) from enrolment_import_row where import_id = ? group by outcome").param(importId)
        .query(rs -> {
          counts.put(RowOutcome.valueOf(rs.getString(1)), rs.getInt(2));
        });
    int pending = counts.getOrDefault(RowOutcome.PENDING, 0);
    boolean finished = i.finishedAt() != null;
    String state = finished ? "FINISHED" : stoppedAt(i.code(), importId).isPresent() ? "STOPPED"
        : pending == i.rowCount() ? "QUEUED" : "RUNNING";
    List<RowReport> report = finished ? jdbc.sql("select line, outcome, setting_name, urn, email, field, reason"
            + " from enrolment_import_row where import_id = ? order by line").param(importId)
        .query((rs, n) -> new RowReport(rs.getLong(1), RowOutcome.valueOf(rs.getString(2)), rs.getString(3),
            rs.getString(4), rs.getString(5), rs.getString(6) == null ? null : COLUMN_NAMES.get(rs.getString(6)),
            rs.getString(7))).list()
        : null;
    return Optional.of(new Status(i.id(), address(i.code(), i.id()), i.code(), state, i.rowCount(), i.rowCount() - pending,
        counts.getOrDefault(RowOutcome.ENROLLED, 0), counts.getOrDefault(RowOutcome.ALREADY_ENROLLED, 0),
        counts.getOrDefault(RowOutcome.REFUSED, 0), i.ignored() == null ? List.of() : List.of(i.ignored().split("\n")),
        i.uploadedBy(), i.uploadedAt(), i.finishedAt(), report));
  }
}
