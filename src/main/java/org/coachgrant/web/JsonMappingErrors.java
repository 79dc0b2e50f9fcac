package org.coachgrant.web;

import com.fasterxml.jackson.databind.JsonMappingException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.springframework.boot.autoconfigure.jersey.ResourceConfigCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A body of the wrong shape on the REST API ({@code {"variables": "x"}}) keeps Jackson's description, which
 * names the member: {@link ErrorBodies} turns it into "variables: has the wrong type ...". Two mappers
 * of the class path answer this exception, the engine's with an empty message and Jackson's with the
 * description; Jersey picked either, so the answer named the field in some runs only. This one, with the
 * highest priority, makes it always the description.
 */
@Configuration
class JsonMappingErrors {

  @Bean
  ResourceConfigCustomizer namedJsonMappingErrors() {
    return config -> config.register(DescribedJsonMappingErrors.class);
  }

  @Priority(1)
  static class DescribedJsonMappingErrors implements ExceptionMapper<JsonMappingException> {

    @Override
    public Response toResponse(JsonMappingException exception) {
      return Response.status(Response.Status.BAD_REQUEST).type(MediaType.TEXT_PLAIN_TYPE)
          .entity(exception.getMessage()).build();
    }
  }
}
