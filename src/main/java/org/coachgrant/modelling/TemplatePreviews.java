package org.coachgrant.modelling;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.notification.CommonEmailModel;
import org.coachgrant.notification.EmailModelContributor;
import org.coachgrant.notification.EmailTemplates;
import org.coachgrant.programme.EnrolmentProcesses;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The live preview of a template being edited: rendered, with the same sandbox as the emails, from
 * the data of the newest running instance of a process that sends it (a real plan or session), as the
 * step would see it. Welcome emails are never previewed from a real instance: building their model
 * sets the new manager's first password.
 */
@Component
class TemplatePreviews {

  private final ProcessEngine engine;
  private final ModelChecks checks;
  private final EmailTemplates templates;
  private final List<EmailModelContributor> contributors;
  private final String publicUrl;

  TemplatePreviews(ProcessEngine engine, ModelChecks checks, EmailTemplates templates, List<EmailModelContributor> contributors,
      @Value("${coachgrant.public-url}") String publicUrl) {
    this.engine = engine;
    this.checks = checks;
    this.templates = templates;
    this.contributors = contributors;
    this.publicUrl = publicUrl;
  }

  Map<String, Object> preview(String template, Map<String, String> parts) {
    Map<String, Object> model = CommonEmailModel.start(publicUrl, template, "preview");
    model.put("recipient", Map.of("name", "Alex Example", "email", "alex@example.org"));
    String from = "no running instance sends this template yet: names it uses show empty";
    for (String sender : checks.sendersOf(template).keySet()) {
      String key = sender.substring(0, sender.indexOf('/'));
      if (key.equals(EnrolmentProcesses.WELCOME_KEY)) {
        continue;
      }
      List<ProcessInstance> running = engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(key)
          .orderByProcessInstanceId().desc().listPage(0, 1);
      if (!running.isEmpty()) {
        contribute(running.get(0).getId(), model);
        from = "the data of " + key + " instance " + (running.get(0).getBusinessKey() == null ? running.get(0).getId()
            : running.get(0).getBusinessKey());
        break;
      }
    }
    EmailTemplates.Email email = templates.preview(template, parts, model);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("subject", email.subject());
    body.put("text", email.text());
    body.put("html", email.html());
    body.put("from", from);
    return body;
  }

  private void contribute(String processInstanceId, Map<String, Object> model) {
    var configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    configuration.getCommandExecutorTxRequired().execute(command -> {
      ExecutionEntity execution = command.getExecutionManager().findExecutionById(processInstanceId);
      contributors.forEach(c -> c.contribute(execution, model));
      return null;
    });
  }
}
