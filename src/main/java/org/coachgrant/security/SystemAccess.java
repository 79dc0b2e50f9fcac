package org.coachgrant.security;

import java.util.function.Supplier;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;

/**
 * For what the application does on its own behalf inside someone's engine call: granting a manager
 * their own plan, waking wait-listed plans. The person's authorizations decide whether they may take
 * the step; what the step then does for the system is not theirs to be authorized for.
 */
public final class SystemAccess {

  private SystemAccess() {}

  public static <T> T run(Supplier<T> action) {
    CommandContext command = Context.getCommandContext();
    return command == null ? action.get() : command.runWithoutAuthorization(action::get);
  }

  public static void run(Runnable action) {
    run(() -> {
      action.run();
      return null;
    });
  }
}
