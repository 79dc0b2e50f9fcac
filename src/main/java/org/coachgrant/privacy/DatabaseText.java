package org.coachgrant.privacy;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;

/**
 * Replaces a person's identifiers in every text and binary column of every table of the database, Coachgrant's and the
 * engine's, found through the JDBC metadata, so a table added later is covered without a line here. A value is
 * replaced only where it stands as a whole token: not inside a longer word, so erasing {@code m1} leaves {@code m10}
 * alone. Binary columns are read as UTF-8 (the engine's Json variables, long texts, comments and job errors).
 */
@Component
class DatabaseText {

  /** A value to replace, and what replaces it. */
  record Token(String value, String replacement, Pattern pattern, boolean ignoringCase) {
    static Token exact(String value, String replacement) {
      return new Token(value, replacement, Erasure.bounded(value, false), false);
    }

    static Token ignoringCase(String value, String replacement) {
      return new Token(value, replacement, Erasure.bounded(value, true), true);
    }
  }

  /**
   * Tables whose text is not about people: Flyway's and the engine's own bookkeeping, and the deployed models (their
   * resources in {@code act_ge_bytearray} are skipped by their deployment). The sessions of the person are deleted
   * instead: their attributes are serialized Java objects.
   */
  private static final Set<String> SKIPPED = Set.of("coachgrant_schema_history", "act_ge_property", "act_ge_schema_log",
      "act_re_deployment", "act_re_procdef", "act_re_decision_def", "act_re_decision_req_def", "act_re_case_def",
      "act_re_camformdef", "spring_session_attributes", "erasure");

  private static final Set<Integer> TEXT = Set.of(Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.CLOB, Types.NCHAR,
      Types.NVARCHAR, Types.LONGNVARCHAR, Types.NCLOB);
  private static final Set<Integer> BINARY = Set.of(Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB);

  private final DataSource dataSource;
  private final JdbcTemplate jdbc;

  DatabaseText(DataSource dataSource, JdbcTemplate jdbc) {
    this.dataSource = dataSource;
    this.jdbc = jdbc;
  }

  /** A column of a table, with its type and size, and the table's primary key. */
  record Column(String table, String name, boolean binary, int size, List<String> key) {}

  /** Every text and binary column of every table (not views) of the current schema. */
  List<Column> columns() {
    Connection connection = DataSourceUtils.getConnection(dataSource);
    try {
      DatabaseMetaData meta = connection.getMetaData();
      String schema = connection.getSchema();
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = meta.getTables(connection.getCatalog(), schema, "%", new String[] {"TABLE"})) {
        while (rs.next()) {
          tables.add(rs.getString("TABLE_NAME"));
        }
      }
      List<Column> columns = new ArrayList<>();
      for (String table : tables) {
        if (SKIPPED.contains(table.toLowerCase(Locale.ROOT))) {
          continue;
        }
        List<String> key = new ArrayList<>();
        try (ResultSet rs = meta.getPrimaryKeys(connection.getCatalog(), schema, table)) {
          while (rs.next()) {
            key.add(rs.getString("COLUMN_NAME"));
          }
        }
        try (ResultSet rs = meta.getColumns(connection.getCatalog(), schema, table, "%")) {
          while (rs.next()) {
            int type = rs.getInt("DATA_TYPE");
            if (TEXT.contains(type) || BINARY.contains(type)) {
              columns.add(new Column(table, rs.getString("COLUMN_NAME"), BINARY.contains(type), rs.getInt("COLUMN_SIZE"), key));
            }
          }
        }
      }
      return columns;
    } catch (SQLException e) {
      throw new IllegalStateException("Could not read the database's tables", e);
    } finally {
      DataSourceUtils.releaseConnection(connection, dataSource);
    }
  }

  /** Replaces the tokens in every column; returns how many values changed. */
  int replace(List<Token> tokens) {
    int changed = 0;
    for (Column column : columns()) {
      changed += column.binary() ? replaceBinary(column, tokens) : replaceText(column, tokens);
    }
    return changed;
  }

  private int replaceText(Column column, List<Token> tokens) {
    String c = quote(column.name());
    List<String> conditions = new ArrayList<>();
    List<Object> args = new ArrayList<>();
    for (Token token : tokens) {
      // LIKE finds candidates (its _ and % match more, never less); the token's pattern decides
      conditions.add(token.ignoringCase() ? "lower(" + c + ") like ?" : c + " like ?");
      args.add("%" + (token.ignoringCase() ? token.value().toLowerCase(Locale.ROOT) : token.value()) + "%");
    }
    List<String> key = column.key().isEmpty() ? List.of(column.name()) : column.key();
    String select = "select " + String.join(", ", key.stream().map(DatabaseText::quote).toList()) + ", " + c + " from "
        + quote(column.table()) + " where " + String.join(" or ", conditions);
    Map<List<Object>, String> updates = new LinkedHashMap<>();
    jdbc.query(select, rs -> {
      String value = rs.getString(key.size() + 1);
      String replaced = replaced(value, tokens);
      if (!replaced.equals(value)) {
        List<Object> where = new ArrayList<>();
        for (int i = 1; i <= key.size(); i++) {
          where.add(rs.getObject(i));
        }
        updates.put(where, column.size() > 0 && replaced.length() > column.size() ? replaced.substring(0, column.size()) : replaced);
      }
    }, args.toArray());
    update(column, key, updates);
    return updates.size();
  }

  private int replaceBinary(Column column, List<Token> tokens) {
    if (column.key().isEmpty()) {
      return 0;
    }
    String c = quote(column.name());
    String select = "select " + String.join(", ", column.key().stream().map(DatabaseText::quote).toList()) + ", " + c
        + " from " + quote(column.table()) + " where " + c + " is not null"
        + (column.table().equalsIgnoreCase("act_ge_bytearray") ? " and deployment_id_ is null" : "");
    Map<List<Object>, byte[]> updates = new LinkedHashMap<>();
    jdbc.query(select, rs -> {
      byte[] bytes = rs.getBytes(column.key().size() + 1);
      String value = new String(bytes, StandardCharsets.UTF_8);
      String replaced = replaced(value, tokens);
      if (!replaced.equals(value)) {
        List<Object> where = new ArrayList<>();
        for (int i = 1; i <= column.key().size(); i++) {
          where.add(rs.getObject(i));
        }
        updates.put(where, replaced.getBytes(StandardCharsets.UTF_8));
      }
    });
    update(column, column.key(), updates);
    return updates.size();
  }

  private void update(Column column, List<String> key, Map<List<Object>, ?> updates) {
    String sql = "update " + quote(column.table()) + " set " + quote(column.name()) + " = ? where "
        + String.join(" and ", key.stream().map(k -> quote(k) + " = ?").toList());
    updates.forEach((where, value) -> {
      List<Object> args = new ArrayList<>();
      args.add(value);
      args.addAll(where);
      jdbc.update(sql, args.toArray());
    });
  }

  static String replaced(String value, List<Token> tokens) {
    if (value == null) {
      return null;
    }
    String result = value;
    for (Token token : tokens) {
      result = token.pattern().matcher(result).replaceAll(Matcher.quoteReplacement(token.replacement()));
    }
    return result;
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
