package org.coachgrant;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.UUID;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL test run ({@code -Ppostgres}) gets a database of its own, created before the first
 * Spring context starts and dropped when the run ends: a server kept between runs (CI) keeps nothing of
 * them, and two runs at once never share engine state. {@link OnPostgres} points the tests at it.
 */
public class PostgresTestDatabase implements LauncherSessionListener {

  /** The system property that holds the fresh database's JDBC URL. */
  static final String URL_PROPERTY = "coachgrant.test.db.url";

  private static final Logger LOG = LoggerFactory.getLogger(PostgresTestDatabase.class);

  private String server;
  private String name;

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    if (!Boolean.getBoolean("coachgrant.test.postgres")) {
      return;
    }
    server = env("COACHGRANT_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    name = "coachgrant_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    execute("create database " + name);
    System.setProperty(URL_PROPERTY, server.replaceFirst("/[^/?]*(\\?|$)", "/" + name + "$1"));
    LOG.info("Tests run in the fresh database {}", name);
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    if (name != null) {
      // the Spring contexts close later, at JVM exit: their connections are ended with the database
      execute("drop database if exists " + name + " with (force)");
      LOG.info("Dropped the test database {}", name);
    }
  }

  private void execute(String sql) {
    try (Connection connection = DriverManager.getConnection(server, env("COACHGRANT_TEST_DB_USER", "postgres"),
        env("COACHGRANT_TEST_DB_PASSWORD", "")); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot " + sql + " on " + server, e);
    }
  }

  private static String env(String name, String fallback) {
    return Objects.requireNonNullElse(System.getenv(name), fallback);
  }
}
