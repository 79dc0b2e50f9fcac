package org.coachgrant.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.coachgrant.CoachgrantTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What the models in processes/ refer to exists: every {@code ${bean}} is a {@link ModelBean}, every formRef a
 * deployed form with a server-side handler, every email template a folder in templates/.
 */
class ModelReferencesTest extends CoachgrantTest {

  private static final String CAMUNDA = "http://camunda.org/schema/1.0/bpmn";
  private static final Pattern BEAN = Pattern.compile("\\$\\{\\s*([a-zA-Z][a-zA-Z0-9]*)[.}(]");

  @Autowired ApplicationContext context;
  @Autowired List<TaskFormHandler> handlers;

  @Test
  void everyReferenceInTheModelsResolves() throws Exception {
    List<String> problems = new ArrayList<>();
    List<Path> models;
    try (Stream<Path> files = Files.walk(Path.of("processes"))) {
      models = files.filter(p -> p.toString().endsWith(".bpmn")).toList();
    }
    assertThat(models).isNotEmpty();
    for (Path model : models) {
      var factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      Document xml = factory.newDocumentBuilder().parse(model.toFile());
      NodeList all = xml.getElementsByTagName("*");
      for (int i = 0; i < all.getLength(); i++) {
        Element element = (Element) all.item(i);
        String id = model.getFileName() + "#" + element.getAttribute("id");
        for (String attribute : List.of("delegateExpression", "expression")) {
          beans(element.getAttributeNS(CAMUNDA, attribute), id, problems);
        }
        if (element.getLocalName().equals("timeDate") || element.getLocalName().equals("conditionExpression")) {
          beans(element.getTextContent(), id, problems);
        }
        String formRef = element.getAttributeNS(CAMUNDA, "formRef");
        if (!formRef.isEmpty()) {
          if (latestForm(formRef) == null) {
            problems.add(id + ": form '" + formRef + "' is not deployed");
          }
          if (!element.getLocalName().equals("startEvent") && handlers.stream().noneMatch(h -> h.formId().equals(formRef))) {
            problems.add(id + ": form '" + formRef + "' has no server-side handler");
          }
        }
        // a template chosen at run time (${template}) is named by the code that starts the process
        if (element.getLocalName().equals("inputParameter") && element.getAttribute("name").equals("template")
            && !element.getTextContent().contains("${")) {
          for (String part : List.of("subject.vm", "body.txt.vm", "body.html.vm")) {
            if (!new File("templates/" + element.getTextContent().strip() + "/" + part).isFile()) {
              problems.add(id + ": no templates/" + element.getTextContent().strip() + "/" + part);
            }
          }
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  private Object latestForm(String key) {
    var configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    return configuration.getCommandExecutorTxRequired().execute(command ->
        command.getCamundaFormDefinitionManager().findLatestDefinitionByKey(key));
  }

  private void beans(String expression, String id, List<String> problems) {
    Matcher m = BEAN.matcher(expression == null ? "" : expression);
    while (m.find()) {
      String name = m.group(1);
      boolean variableOrBuiltIn = List.of("execution", "task", "managerId", "reviewDecision", "seniorDecision",
          "seniorApprovalRequired", "overdueDecision", "budgetDecision", "missedSessions", "moreRows").contains(name);
      if (!variableOrBuiltIn && !List.of(context.getBeanNamesForAnnotation(ModelBean.class)).contains(name)) {
        problems.add(id + ": ${" + name + "} is not a @ModelBean");
      }
    }
  }
}
