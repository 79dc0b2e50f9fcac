package org.coachgrant.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * The REST API's refusals say no without saying what exists. The engine's own messages name the
 * resource it refused (another setting's process instance found by a message correlation) or count what
 * matched ("9 executions match"); this filter, inside the REST authentication, answers instead:
 * <ul>
 * <li>a refused read as 404, as if there were nothing, and a refused change as 403, neither naming anything;</li>
 * <li>every refused message correlation alike (nothing waits for it, several do, or none the caller may
 * touch), so a correlation cannot probe other settings' processes;</li>
 * <li>the engine's metrics and telemetry (counts of everyone's work) only to administrators.</li>
 * </ul>
 */
@Configuration
class PrivateRefusals {

  static final String NOT_FOUND = "Not found, or not yours to see";
  static final String FORBIDDEN = "You are not allowed to do this";
  static final String NO_CORRELATION = "messageName: no process you may act on is waiting for this message"
      + " with these correlation keys";
  private static final Set<String> ADMIN_ONLY = Set.of("/engine-rest/metrics", "/engine-rest/telemetry");

  @Bean
  FilterRegistrationBean<Filter> privateRefusalsFilter(IdentityService identity, ObjectMapper json) {
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new Refusals(identity, json));
    registration.setName("coachgrant-private-refusals");
    registration.addUrlPatterns("/engine-rest/*");
    // after the REST authentication (RestAuthentication), so the caller is known
    registration.setOrder(Ordered.LOWEST_PRECEDENCE);
    return registration;
  }

  static class Refusals extends OncePerRequestFilter {

    private final IdentityService identity;
    private final ObjectMapper json;

    Refusals(IdentityService identity, ObjectMapper json) {
      this.identity = identity;
      this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      String path = request.getRequestURI().substring(request.getContextPath().length());
      if (ADMIN_ONLY.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/")) && !administrator()) {
        answer(response, HttpServletResponse.SC_FORBIDDEN, "Forbidden", "Only administrators may read this");
        return;
      }
      ContentCachingResponseWrapper wrapped = new ContentCachingResponseWrapper(response);
      chain.doFilter(request, wrapped);
      int status = wrapped.getStatus();
      boolean correlation = path.startsWith("/engine-rest/message");
      if (correlation && status >= 400 && status < 500) {
        wrapped.resetBuffer();
        answer(wrapped, HttpServletResponse.SC_BAD_REQUEST, "InvalidRequest", NO_CORRELATION);
      } else if (status == HttpServletResponse.SC_FORBIDDEN && "GET".equals(request.getMethod())) {
        wrapped.resetBuffer();
        answer(wrapped, HttpServletResponse.SC_NOT_FOUND, "NotFound", NOT_FOUND);
      } else if (status == HttpServletResponse.SC_FORBIDDEN) {
        wrapped.resetBuffer();
        answer(wrapped, HttpServletResponse.SC_FORBIDDEN, "Forbidden", FORBIDDEN);
      }
      wrapped.copyBodyToResponse();
    }

    private boolean administrator() {
      Authentication caller = identity.getCurrentAuthentication();
      return caller != null && caller.getGroupIds() != null && caller.getGroupIds().contains(Roles.ADMINISTRATORS);
    }

    private void answer(HttpServletResponse response, int status, String type, String message) throws IOException {
      response.setStatus(status);
      response.setContentType(MediaType.APPLICATION_JSON_VALUE);
      response.setCharacterEncoding("UTF-8");
      response.getOutputStream().write(json.writeValueAsBytes(Map.of("type", type, "message", message)));
    }
  }
}
