package org.coachgrant.forms;

import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;

/**
 * The server side of one Camunda Form: fills the task's local variables the form shows, and checks
 * and stores what is submitted, whichever client completes the task (Tasklist, REST, Java).
 * Bound to every user task whose {@code camunda:formRef} is {@link #formId()}.
 */
public interface TaskFormHandler {

  String formId();

  /**
   * Every field the form submits: anything else is refused. Values only shown are task-local variables
   * set in {@link #prepare} and displayed by text components, never submitted fields.
   */
  Set<String> fields();

  /** When the task is created: the task-local variables the form displays. */
  default void prepare(DelegateTask task) {}

  /** When the task is assigned (claimed). Throw to refuse the assignment. */
  default void assigned(DelegateTask task) {}

  /**
   * When the task is completed, with what was submitted (over what the task already showed): validate
   * and store. Submitted values are never process variables by themselves: what the process needs, the
   * handler sets. Throwing {@link InvalidInputException} refuses the completion and changes nothing.
   */
  void complete(DelegateTask task, Inputs submitted);
}
