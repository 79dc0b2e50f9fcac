package org.coachgrant.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.ibatis.builder.xml.XMLMapperBuilder;
import org.apache.ibatis.session.Configuration;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.db.AuthorizationCheck;
import org.camunda.bpm.engine.impl.db.sql.DbSqlSessionFactory;
import org.springframework.stereotype.Component;

/**
 * The task list stays fast with tens of thousands of tasks: the engine's task query ({@code TaskQuery}: Tasklist,
 * its filters, {@code GET /engine-rest/task}, the filters' {@code list} and {@code count}) runs with its
 * authorization check as uncorrelated subqueries ({@code org/coachgrant/admin/task-list.xml}) instead of the
 * engine's join, which PostgreSQL runs as every task against every authorization of the user's groups. Same
 * rows, same rules: a grant shows a task, a revoke (the conflict of interest, {@code review/Reviewers}) hides it.
 * Claim, complete and read-by-id keep the engine's own checks. docs/design.md, "The task list at national scale".
 */
@Component
public class TaskListAuthorization extends AbstractProcessEnginePlugin {

  /** What the engine's own statement sees instead of its authorization check: none, so it adds no join. */
  public static final AuthorizationCheck NO_ENGINE_CHECK = new AuthorizationCheck();

  static final String LIST = "selectTaskByQueryCriteria";
  static final String COUNT = "selectTaskCountByQueryCriteria";

  @Override
  public void postInit(ProcessEngineConfigurationImpl engine) {
    Configuration mybatis = engine.getSqlSessionFactory().getConfiguration();
    String resource = "org/coachgrant/admin/task-list.xml";
    if (!mybatis.isResourceLoaded(resource)) {
      try (InputStream xml = Objects.requireNonNull(getClass().getClassLoader().getResourceAsStream(resource), resource)) {
        new XMLMapperBuilder(xml, mybatis, resource, mybatis.getSqlFragments()).parse();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (!mybatis.hasStatement(LIST + "Authorized") || !mybatis.hasStatement(COUNT + "Authorized")) {
      throw new IllegalStateException(resource + " does not fit this engine's task query: check it against Task.xml");
    }
    DbSqlSessionFactory sessions = engine.getDbSqlSessionFactory();
    Map<String, String> mappings = sessions.getStatementMappings() == null ? new HashMap<>()
        : new HashMap<>(sessions.getStatementMappings());
    mappings.put(LIST, LIST + "Authorized");
    mappings.put(COUNT, COUNT + "Authorized");
    sessions.setStatementMappings(mappings);
  }
}
