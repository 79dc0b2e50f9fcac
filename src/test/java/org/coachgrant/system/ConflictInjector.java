package org.coachgrant.system;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.SubmitTaskFormCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;

/**
 * A test hook that makes a real collision: once armed, each form submission of the armed task, inside its
 * transaction and before the engine writes, has the task's row changed by another committed transaction, as a
 * job of the same instance would. The submission's write then finds the row changed and the engine throws its
 * own {@code OptimisticLockingException}.
 */
public class ConflictInjector extends AbstractProcessEnginePlugin {

  private final DataSource dataSource;
  private volatile String taskId;
  private final AtomicInteger left = new AtomicInteger();
  private final AtomicInteger made = new AtomicInteger();

  public ConflictInjector(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The next {@code conflicts} submissions of this task collide. */
  public void arm(String taskId, int conflicts) {
    made.set(0);
    left.set(conflicts);
    this.taskId = taskId;
  }

  public void disarm() {
    taskId = null;
    left.set(0);
  }

  /** How many collisions were made since armed. */
  public int made() {
    return made.get();
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getCustomPostCommandInterceptorsTxRequired() == null) {
      configuration.setCustomPostCommandInterceptorsTxRequired(new ArrayList<>());
    }
    configuration.getCustomPostCommandInterceptorsTxRequired().add(new CommandInterceptor() {
      @Override
      public <T> T execute(Command<T> command) {
        T result = next.execute(command);
        String armed = taskId;
        if (armed != null && command instanceof SubmitTaskFormCmd && left.getAndDecrement() > 0) {
          changeElsewhere(armed);
          made.incrementAndGet();
        }
        return result;
      }
    });
  }

  /** On a connection of its own, committed at once: the command's transaction has not written the row yet. */
  private void changeElsewhere(String id) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update = connection.prepareStatement("update ACT_RU_TASK set REV_ = REV_ + 1 where ID_ = ?")) {
      connection.setAutoCommit(true);
      update.setString(1, id);
      update.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
