package org.coachgrant.system;

import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;

/**
 * The server side of one Camunda Form: fills the task's local variables the form shows, and checks
 * and stores what is submitted, whichever client completes the task (Tasklist, REST, Java).
 * Bound to every user task whose {@code camunda:formRef} is {@link #formId()}.
 */
public interface TaskFormHandler {

  String formId();

  /** Every field the form submits, shown or entered: anything else submitted is refused. */
  Set<String> fields();

  /** When the task is created: the task-local variables the form displays. */
  default void prepare(DelegateTask task) {}

  /** When the task is assigned (claimed). Throw to refuse the assignment. */
  default void assigned(DelegateTask task) {}

  /** When the task is completed: validate and store; throwing {@link InvalidInputException} refuses it. */
  void complete(DelegateTask task);
}
