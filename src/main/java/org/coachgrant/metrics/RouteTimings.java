package org.coachgrant.metrics;

import io.micrometer.common.KeyValue;
import java.util.List;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;

/**
 * The {@code uri} of {@code http.server.requests}: Spring names a request by its route ({@code /api/programmes/{code}}),
 * never its path, so a programme's ids make no new series. The engine's REST API and the webapps are not Spring's
 * routes (Jersey answers them) and would all be {@code UNKNOWN}, as would a call the gateway refuses before any route:
 * those are timed by door instead ({@code /engine-rest/**}, {@code /api/**}), still never by path.
 */
@Component
class RouteTimings extends DefaultServerRequestObservationConvention {

  private static final List<String> DOORS = List.of("/engine-rest", "/camunda/api", "/camunda/app", "/camunda", "/tasks/api",
      "/api", "/admin", "/actuator");

  @Override
  protected KeyValue uri(ServerRequestObservationContext context) {
    KeyValue uri = super.uri(context);
    if (!"UNKNOWN".equals(uri.getValue()) || context.getCarrier() == null) {
      return uri;
    }
    String path = context.getCarrier().getRequestURI().substring(context.getCarrier().getContextPath().length());
    return DOORS.stream().filter(door -> path.equals(door) || path.startsWith(door + "/")).findFirst()
        .map(door -> KeyValue.of("uri", door + "/**")).orElse(uri);
  }
}
