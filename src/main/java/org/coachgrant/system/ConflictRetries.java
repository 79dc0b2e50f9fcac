package org.coachgrant.system;

import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.AssignTaskCmd;
import org.camunda.bpm.engine.impl.cmd.ClaimTaskCmd;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.SetTaskVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitTaskFormCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A person's task action (complete, submit a form, claim, assign, save variables) that collides with a job of
 * the same instance (an email, a reminder, a timer) is tried again on the server, so the person never sees the
 * collision; only when it keeps colliding do they get a 409 in words ({@link #MESSAGE}), by either door.
 *
 * <p>The interceptor sits before the engine's transaction interceptor, so each attempt is a transaction of its
 * own and the failed one was rolled back whole. It retries only a command that opened that transaction: one
 * nested in another command (a delegate's call) or joining a caller's transaction is left to its outer command,
 * whose rollback a retry here could not undo. Jobs are never retried here: the job executor has its own retries.
 */
@Component
public class ConflictRetries extends AbstractProcessEnginePlugin {

  /** What a person reads after the last attempt: plain words, the same from the engine's REST API and Coachgrant's. */
  public static final String MESSAGE = "Someone changed this plan at the same moment; your answer was not saved. Try again.";

  static final int ATTEMPTS = 4;

  private static final Set<Class<?>> BY_PEOPLE = Set.of(CompleteTaskCmd.class, SubmitTaskFormCmd.class,
      ClaimTaskCmd.class, AssignTaskCmd.class, SetTaskVariablesCmd.class);

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getCustomPreCommandInterceptorsTxRequired() == null) {
      configuration.setCustomPreCommandInterceptorsTxRequired(new ArrayList<>());
    }
    configuration.getCustomPreCommandInterceptorsTxRequired().add(0, new RetryOnConflict());
  }

  /** What a coordinator reads when a workspace action kept colliding: nothing of it was saved. */
  public static final String WORKSPACE_MESSAGE = "Someone changed this at the same moment; nothing was saved. Try again.";

  /**
   * Runs {@code action}, a whole transaction of its own, again after a conflict, at most {@link #ATTEMPTS} times in
   * all; then throws an {@link OptimisticLockingException} with {@code words}. An action that joins a caller's
   * transaction is run once: its rollback belongs to the caller, which a retry here could not undo.
   */
  public static <T> T retried(java.util.function.Supplier<T> action, String words) {
    if (TransactionSynchronizationManager.isActualTransactionActive()) {
      return action.get();
    }
    for (int attempt = 1; ; attempt++) {
      try {
        return action.get();
      } catch (RuntimeException e) {
        if (!conflict(e)) {
          throw e;
        }
        if (attempt == ATTEMPTS) {
          throw new OptimisticLockingException(words);
        }
        pause(attempt, words);
      }
    }
  }

  private static boolean conflict(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof OptimisticLockingException) {
        return true;
      }
    }
    return false;
  }

  /** A short, growing, jittered wait, so two colliding people (or a person and a job) do not collide again in step. */
  private static void pause(int attempt, String words) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(10, 40) * attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OptimisticLockingException(words);
    }
  }

  static class RetryOnConflict extends CommandInterceptor {
    @Override
    public <T> T execute(Command<T> command) {
      if (!BY_PEOPLE.contains(command.getClass()) || Context.getCommandContext() != null) {
        return next.execute(command);
      }
      return retried(() -> next.execute(command), MESSAGE);
    }
  }
}
