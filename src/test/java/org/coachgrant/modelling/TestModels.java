package org.coachgrant.modelling;

import java.nio.charset.StandardCharsets;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;

/** Small models for the tests of what a deployment may hold, and the door Camunda Modeler deploys them through. */
public final class TestModels {

  private TestModels() {}

  /** A process that passes every other check: a start, the one step {@code stepId} given as XML, an end. */
  public static String oneStep(String key, String stepId, String step) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
            id="Definitions_%1$s" targetNamespace="http://coachgrant.org/test">
          <process id="%1$s" name="%1$s" isExecutable="true" camunda:historyTimeToLive="1">
            <startEvent id="Event_Start" name="Start" />
            <sequenceFlow id="Flow_1" sourceRef="Event_Start" targetRef="%3$s" />
            %2$s
            <sequenceFlow id="Flow_2" sourceRef="%3$s" targetRef="Event_End" />
            <endEvent id="Event_End" name="End" />
          </process>
        </definitions>
        """.formatted(key, step, stepId);
  }

  /** Deploys one file as Camunda Modeler does: a multipart upload to the REST API with a user's password. */
  public static ResponseEntity<String> fromCamundaModeler(TestRestTemplate http, String user, String password, String file,
      String content) {
    var body = new LinkedMultiValueMap<String, Object>();
    body.add("deployment-name", file + " from Camunda Modeler");
    body.add("deployment-source", "Camunda Modeler");
    body.add(file, new ByteArrayResource(content.getBytes(StandardCharsets.UTF_8)) {
      @Override
      public String getFilename() {
        return file;
      }
    });
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    return http.withBasicAuth(user, password).postForEntity("/engine-rest/deployment/create", new HttpEntity<>(body, headers),
        String.class);
  }
}
