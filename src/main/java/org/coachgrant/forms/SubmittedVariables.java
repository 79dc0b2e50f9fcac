package org.coachgrant.forms;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.HashMap;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitTaskFormCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandInvocationContext;
import org.camunda.bpm.engine.variable.value.TypedValue;

/**
 * The variables submitted with the task completion being executed. The engine has no API
 * for this: the completion commands keep them in protected fields, read here (if an engine upgrade
 * renames them, every task completion fails loudly, and so does every process test).
 */
final class SubmittedVariables {

  private SubmittedVariables() {}

  static Map<String, Object> ofCurrentCommand() {
    CommandInvocationContext invocation = Context.getCommandInvocationContext();
    Object command = invocation == null ? null : invocation.getCommand();
    if (command instanceof CompleteTaskCmd) {
      return names(command, CompleteTaskCmd.class, "variables");
    }
    if (command instanceof SubmitTaskFormCmd) {
      return names(command, SubmitTaskFormCmd.class, "properties");
    }
    return Map.of();
  }

  private static Map<String, Object> names(Object command, Class<?> type, String fieldName) {
    try {
      Field field = type.getDeclaredField(fieldName);
      field.setAccessible(true);
      Map<?, ?> variables = (Map<?, ?>) field.get(command);
      Map<String, Object> values = new HashMap<>();
      if (variables != null) {
        variables.forEach((name, value) ->
            values.put(String.valueOf(name), value instanceof TypedValue typed ? typed.getValue() : value));
      }
      return values;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot read the submitted variables of " + type.getSimpleName(), e);
    }
  }
}
