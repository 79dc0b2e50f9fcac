package org.coachgrant.notification;

import org.coachgrant.system.ModelBean;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.beans.factory.annotation.Value;

/**
 * Every send task: renders {@code template} for each person in {@code to} (input parameters) and stores it in
 * the {@link Outbox}, in the step's own transaction, and the process moves on. The {@link OutboxDispatcher}
 * sends it, outside the process instance: a mail server that is down delays the email, never the process, and
 * never collides with what a person does to the instance meanwhile.
 */
@ModelBean("sendEmail")
class SendEmailDelegate implements JavaDelegate {

  private final EmailTemplates templates;
  private final Recipients recipients;
  private final Outbox outbox;
  private final List<EmailModelContributor> contributors;
  private final HistoryService historyService;
  private final String publicUrl;

  SendEmailDelegate(EmailTemplates templates, Recipients recipients, Outbox outbox, List<EmailModelContributor> contributors,
      HistoryService historyService, @Value("${coachgrant.public-url}") String publicUrl) {
    this.templates = templates;
    this.recipients = recipients;
    this.outbox = outbox;
    this.contributors = contributors;
    this.historyService = historyService;
    this.publicUrl = publicUrl;
  }

  @SuppressWarnings("unchecked")
  private static List<Attachment> attachments(Map<String, Object> model) {
    return (List<Attachment>) model.getOrDefault("attachments", List.of());
  }

  /** The {@link Secret} the email carries, if any: at most one, at the top of the model or one level down. */
  private static Secret secret(Map<String, Object> model) {
    List<Secret> secrets = new java.util.ArrayList<>();
    for (Object value : model.values()) {
      List<?> candidates = value instanceof Map<?, ?> map ? new java.util.ArrayList<>(map.values()) : java.util.Collections.singletonList(value);
      candidates.stream().filter(Secret.class::isInstance).map(Secret.class::cast).forEach(secrets::add);
    }
    if (secrets.size() > 1) {
      throw new IllegalStateException("An email carries at most one secret; this one has " + secrets.size());
    }
    return secrets.isEmpty() ? null : secrets.get(0);
  }

  @Override
  public void execute(DelegateExecution execution) {
    String template = (String) execution.getVariableLocal("template");
    String to = (String) execution.getVariableLocal("to");
    Map<String, Object> model = CommonEmailModel.start(publicUrl, template, execution.getProcessInstanceId());
    contributors.forEach(c -> c.contribute(execution, model));
    // the same send task runs again in a loop (each revision of a plan); its earlier runs are in history
    long round = historyService.createHistoricActivityInstanceQuery()
        .processInstanceId(execution.getProcessInstanceId())
        .activityId(execution.getCurrentActivityId())
        .finished().count();
    for (Recipients.Recipient recipient : recipients.resolve(to)) {
      model.put("recipient", Map.of("name", recipient.name(), "email", recipient.email()));
      String key = execution.getProcessInstanceId() + "/" + execution.getCurrentActivityId() + "/" + round + "/"
          + recipient.email();
      outbox.enqueue(key, template, recipient.email(), templates.render(template, model), attachments(model),
          secret(model), execution.getProcessInstanceId(), execution.getProcessBusinessKey());
    }
  }
}
