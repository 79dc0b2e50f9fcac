package org.coachgrant.system;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.JdbcUtils;

/**
 * Maps a row to a record by the columns the query returned ({@code manager_email} to {@code managerEmail}).
 * Spring's class-based mappers ask the driver for the camelCase name first and fall back to snake_case:
 * every miss is an SQLException, which H2 writes to its trace file and PostgreSQL builds and throws away.
 */
public final class Rows {

  private static final ConversionService CONVERSION = DefaultConversionService.getSharedInstance();

  private Rows() {}

  public static <T extends Record> RowMapper<T> of(Class<T> type) {
    RecordComponent[] components = type.getRecordComponents();
    Constructor<T> constructor;
    try {
      constructor = type.getDeclaredConstructor(Arrays.stream(components).map(RecordComponent::getType).toArray(Class[]::new));
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(type + " has no canonical constructor", e);
    }
    constructor.setAccessible(true);
    return (rs, rowNum) -> {
      Map<String, Integer> columns = columns(rs);
      Object[] args = new Object[components.length];
      for (int i = 0; i < components.length; i++) {
        RecordComponent component = components[i];
        Integer index = columns.get(component.getName().toLowerCase(Locale.ROOT));
        if (index == null) {
          throw new InvalidDataAccessApiUsageException("The query returns no column for " + type.getSimpleName()
              + "." + component.getName() + " (columns: " + columns.keySet() + ")");
        }
        Object value = JdbcUtils.getResultSetValue(rs, index, component.getType());
        args[i] = value == null || component.getType().isInstance(value) ? value
            : CONVERSION.convert(value, component.getType());
      }
      try {
        return constructor.newInstance(args);
      } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("Cannot make a " + type.getSimpleName() + " of a row", e);
      }
    };
  }

  /** Column index by label without underscores, lower case: {@code managerid} for {@code MANAGER_ID}. */
  private static Map<String, Integer> columns(ResultSet rs) throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    Map<String, Integer> columns = new HashMap<>();
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      columns.putIfAbsent(JdbcUtils.lookupColumnName(meta, i).replace("_", "").toLowerCase(Locale.ROOT), i);
    }
    return columns;
  }
}
