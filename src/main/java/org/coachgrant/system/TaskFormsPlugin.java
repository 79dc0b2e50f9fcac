package org.coachgrant.system;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.task.TaskDefinition;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Binds each user task to the {@link TaskFormHandler} of its form when the BPMN is parsed, so a model
 * deployed from Camunda Modeler gets the same server-side checks without listeners in the XML.
 * A task whose form has no handler cannot be created or completed: it would accept anything
 * (ModelReferencesTest checks every formRef in processes/ has one).
 */
@Component
class TaskFormsPlugin extends AbstractProcessEnginePlugin {

  private final ObjectProvider<TaskFormHandler> handlers;

  TaskFormsPlugin(ObjectProvider<TaskFormHandler> handlers) {
    this.handlers = handlers;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getCustomPostBPMNParseListeners() == null) {
      configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
    }
    configuration.getCustomPostBPMNParseListeners().add(parseListener());
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
        definition.addTaskListener(TaskListener.EVENTNAME_ASSIGNMENT, task -> handler(formId).assigned(task));
        definition.addTaskListener(TaskListener.EVENTNAME_COMPLETE, task -> complete(handler(formId), task));
      }
    };
  }

  private static void complete(TaskFormHandler handler, DelegateTask task) {
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
    handler.complete(task, new Inputs(values));
  }

  TaskFormHandler handler(String formId) {
    Map<String, TaskFormHandler> byForm = handlers.stream()
        .collect(Collectors.toMap(TaskFormHandler::formId, Function.identity()));
    TaskFormHandler handler = byForm.get(formId);
    if (handler == null) {
      throw new IllegalStateException("No server-side handler for form '" + formId
          + "': every user task form needs one, so that what is submitted is checked");
    }
    return handler;
  }
}
