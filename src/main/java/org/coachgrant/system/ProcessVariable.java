package org.coachgrant.system;

import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * A process variable's name and type in one place, so a delegate reads {@code PLAN_ID.get(execution)}
 * instead of a string and a cast.
 */
public record ProcessVariable<T>(String name, Class<T> type) {

  public static <T> ProcessVariable<T> of(String name, Class<T> type) {
    return new ProcessVariable<>(name, type);
  }

  public T get(VariableScope scope) {
    Object value = scope.getVariable(name);
    if (value == null) {
      return null;
    }
    if (type == Long.class && value instanceof Number number) {
      return type.cast(number.longValue());
    }
    return type.cast(value);
  }

  public T require(VariableScope scope) {
    T value = get(scope);
    if (value == null) {
      throw new IllegalStateException("Process variable '" + name + "' is not set");
    }
    return value;
  }

  public void set(VariableScope scope, T value) {
    scope.setVariable(name, value);
  }

  public void setLocal(VariableScope scope, T value) {
    scope.setVariableLocal(name, value);
  }
}
