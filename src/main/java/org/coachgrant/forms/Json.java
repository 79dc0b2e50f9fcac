package org.coachgrant.forms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.camunda.spin.json.SpinJsonNode;

/** JSON as forms submit it (Json, text or Java collections) and as task variables show it. */
public final class Json {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The value as a JSON tree; {@link JsonProcessingException} for text that is not JSON. */
  public static JsonNode tree(Object value) throws JsonProcessingException {
    if (value instanceof String || value instanceof SpinJsonNode) {
      return MAPPER.readTree(value.toString());
    }
    return MAPPER.valueToTree(value);
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> map(JsonNode node) {
    return MAPPER.convertValue(node, Map.class);
  }
}
