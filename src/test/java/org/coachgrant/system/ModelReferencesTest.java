package org.coachgrant.system;

import org.coachgrant.forms.TaskFormHandler;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.modelling.ModelChecks;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What the models in processes/ refer to exists: every {@code ${bean}} is a {@link ModelBean}, every formRef a
 * deployed form with a server-side handler, every email template a folder in templates/ using only what its step
 * provides ({@link ModelChecks}, the same checks every deployment by a person passes).
 */
class ModelReferencesTest extends CoachgrantTest {

  private static final String CAMUNDA = "http://camunda.org/schema/1.0/bpmn";

  @Autowired List<TaskFormHandler> handlers;

  @Autowired ModelChecks checks;

  /**
   * The models the application deploys at start-up pass the same checks as a deployment from the
   * administrators' page or Camunda Modeler (beans, forms, templates and the names they use, assignees,
   * history time-to-live, readable names); each user task's form also has its server-side handler.
   */
  @Test
  void everyReferenceInTheModelsResolves() throws Exception {
    Map<String, byte[]> files = new java.util.LinkedHashMap<>();
    for (String folder : List.of("processes", "forms")) {
      try (Stream<Path> paths = Files.walk(Path.of(folder))) {
        for (Path path : paths.filter(Files::isRegularFile).toList()) {
          files.put(path.getFileName().toString(), Files.readAllBytes(path));
        }
      }
    }
    assertThat(files.keySet()).anyMatch(name -> name.endsWith(".bpmn"));
    assertThat(checks.check(files)).isEmpty();

    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, byte[]> model : files.entrySet()) {
      if (!model.getKey().endsWith(".bpmn")) {
        continue;
      }
      var factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      Document xml = factory.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(model.getValue()));
      NodeList all = xml.getElementsByTagName("*");
      for (int i = 0; i < all.getLength(); i++) {
        Element element = (Element) all.item(i);
        String formRef = element.getAttributeNS(CAMUNDA, "formRef");
        if (!formRef.isEmpty() && !element.getLocalName().equals("startEvent")
            && handlers.stream().noneMatch(h -> h.formId().equals(formRef))) {
          problems.add(model.getKey() + "#" + element.getAttribute("id") + ": form '" + formRef + "' has no server-side handler");
        }
      }
    }
    assertThat(problems).isEmpty();
  }
}
