package org.coachgrant.forms;

import org.coachgrant.format.WebFormat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.DelegateTaskCmd;
import org.camunda.bpm.engine.impl.cmd.ResolveTaskCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.persistence.entity.PropertyChange;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.task.TaskDefinition;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.camunda.bpm.engine.task.IdentityLink;
import org.coachgrant.admin.Roles;
import org.coachgrant.security.SystemAccess;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Binds each user task to the {@link TaskFormHandler} of its form when the BPMN is parsed, so a model
 * deployed from Camunda Modeler gets the same server-side checks without listeners in the XML.
 * A task whose form has no handler cannot be created or completed: it would accept anything
 * (ModelReferencesTest checks every formRef in processes/ has one).
 *
 * <p>Delegation is refused: a delegated task is resolved (by {@code resolve}, or by {@code submit-form} while
 * delegated), which fires no complete event, so the handler would not check what the delegate submits and
 * the engine would store it as process variables. Claim or assign the task instead.
 */
@Component
class TaskFormsPlugin extends AbstractProcessEnginePlugin {

  /** The handlers by form id, collected once (the handlers are beans made after the engine's plugins). */
  private final org.springframework.util.function.SingletonSupplier<Map<String, TaskFormHandler>> byForm;

  private final WebFormat fmt;

  TaskFormsPlugin(ObjectProvider<TaskFormHandler> handlers, WebFormat fmt) {
    this.fmt = fmt;
    this.byForm = org.springframework.util.function.SingletonSupplier.of(() -> handlers.stream()
        .collect(Collectors.toMap(TaskFormHandler::formId, Function.identity())));
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getCustomPostBPMNParseListeners() == null) {
      configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
    }
    configuration.getCustomPostBPMNParseListeners().add(parseListener());
    if (configuration.getCustomPreCommandInterceptorsTxRequired() == null) {
      configuration.setCustomPreCommandInterceptorsTxRequired(new ArrayList<>());
    }
    configuration.getCustomPreCommandInterceptorsTxRequired().add(new NoDelegation());
  }

  static final String NO_DELEGATION = "delegation: Coachgrant's tasks are not delegated, so that every completion"
      + " is checked by its form; claim the task, or assign it to the person who should do it";

  /** Refuses delegating and resolving before the engine starts; a delegation set by saving the task is refused by its update listener. */
  static class NoDelegation extends CommandInterceptor {
    @Override
    public <T> T execute(Command<T> command) {
      if (command instanceof DelegateTaskCmd || command instanceof ResolveTaskCmd) {
        throw new BadUserRequestException(NO_DELEGATION);
      }
      try {
        return next.execute(command);
      } catch (ProcessEngineException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
          if (cause instanceof BadUserRequestException refused && NO_DELEGATION.equals(refused.getMessage())) {
            throw refused;
          }
        }
        throw e;
      }
    }
  }

  private BpmnParseListener parseListener() {
    return new AbstractBpmnParseListener() {
      @Override
      public void parseUserTask(Element element, ScopeImpl scope, ActivityImpl activity) {
        String formId = element.attributeNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "formRef");
        if (formId == null) {
          return;
        }
        TaskDefinition definition = ((UserTaskActivityBehavior) activity.getActivityBehavior()).getTaskDefinition();
        definition.addTaskListener(TaskListener.EVENTNAME_CREATE, task -> handler(formId).prepare(task));
        definition.addTaskListener(TaskListener.EVENTNAME_ASSIGNMENT, task -> {
          handler(formId).assigned(task);
          onlyToWhoCouldTakeIt(definition, task);
        });
        definition.addTaskListener(TaskListener.EVENTNAME_COMPLETE, task -> complete(handler(formId), task, fmt.zone()));
        definition.addTaskListener(TaskListener.EVENTNAME_UPDATE, task -> {
          if (((TaskEntity) task).getDelegationState() != null) {
            throw new BadUserRequestException(NO_DELEGATION);
          }
        });
      }
    };
  }

  /**
   * Deny by default, whatever the form: a task offered to groups goes only to a member of one of them (now, in the
   * identity store), and a task the process gave to one person (an assignee expression) to nobody else. A form's
   * handler may refuse more people ({@link TaskFormHandler#assigned}).
   */
  static void onlyToWhoCouldTakeIt(TaskDefinition definition, DelegateTask task) {
    String assignee = task.getAssignee();
    if (assignee == null) {
      onlyTheHolderHandsItBack(task);
      return;
    }
    Set<String> groups = SystemAccess.run(() -> task.getCandidates()).stream().map(IdentityLink::getGroupId)
        .filter(Objects::nonNull).collect(Collectors.toSet());
    if (!groups.isEmpty()) {
      IdentityService identity = task.getProcessEngineServices().getIdentityService();
      boolean member = SystemAccess.run(() -> identity.createGroupQuery().groupMember(assignee)
          .groupIdIn(groups.toArray(String[]::new)).count() > 0);
      if (!member) {
        throw new InvalidInputException("assignee", assignee + " may not take this task: it is offered to "
            + String.join(" and ", new TreeSet<>(groups)) + " only");
      }
    } else if (definition.getAssigneeExpression() != null) {
      Object designated = definition.getAssigneeExpression().getValue(task.getExecution());
      if (!assignee.equals(designated)) {
        throw new InvalidInputException("assignee", assignee + " may not take this task: it belongs to the person"
            + " the process gave it to, and is not passed on");
      }
    }
  }

  /**
   * A claimed task goes back to its group only by the person who holds it (or an administrator, or the application
   * itself): otherwise any candidate could unclaim a colleague's task and take it.
   */
  private static void onlyTheHolderHandsItBack(DelegateTask task) {
    PropertyChange change = ((TaskEntity) task).getPropertyChanges().get(TaskEntity.ASSIGNEE);
    Object holder = change == null ? null : change.getOrgValue();
    Authentication caller = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    if (holder == null || caller == null || caller.getUserId() == null || holder.equals(caller.getUserId())
        || caller.getGroupIds() != null && caller.getGroupIds().contains(Roles.ADMINISTRATORS)) {
      return;
    }
    throw new InvalidInputException("assignee", "only the person who claimed this task can hand it back");
  }

  private static void complete(TaskFormHandler handler, DelegateTask task, java.time.ZoneId zone) {
    Map<String, Object> submitted = SubmittedVariables.ofCurrentCommand();
    for (String name : submitted.keySet()) {
      if (!handler.fields().contains(name)) {
        throw new InvalidInputException(name, "is not a field of the form '" + handler.formId() + "'");
      }
    }
    Map<String, Object> values = new HashMap<>(task.getVariables());
    values.putAll(submitted);
    // the engine put the submitted values on the task (where prefilled) or on the process: not the latter
    submitted.keySet().forEach(name -> task.getExecution().removeVariable(name));
    handler.complete(task, new Inputs(values, zone));
  }

  TaskFormHandler handler(String formId) {
    TaskFormHandler handler = byForm.get().get(formId);
    if (handler == null) {
      throw new IllegalStateException("No server-side handler for form '" + formId
          + "': every user task form needs one, so that what is submitted is checked");
    }
    return handler;
  }
}
