package org.coachgrant.admin;

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
import org.coachgrant.system.Json;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The engine's metrics and telemetry count everyone's work: administrators only. (What a refusal says
 * is {@code system/ErrorBodies}' concern: nothing that names or counts another person's records.)
 */
@Configuration
class AdministratorsOnly {

  private static final Set<String> PATHS = Set.of("/engine-rest/metrics", "/engine-rest/telemetry");

  @Bean
  FilterRegistrationBean<Filter> administratorsOnlyFilter(IdentityService identity) {
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
      @Override
      protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
          throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length()).replaceAll("/{2,}", "/");
        if (PATHS.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/")) && !administrator(identity)) {
          response.setStatus(HttpServletResponse.SC_FORBIDDEN);
          response.setContentType(MediaType.APPLICATION_JSON_VALUE);
          response.setCharacterEncoding("UTF-8");
          response.getWriter().write(Json.write(Map.of("type", "Forbidden", "field", "path",
              "message", "path: only administrators may read the engine's metrics and telemetry")));
          return;
        }
        chain.doFilter(request, response);
      }
    });
    registration.setName("coachgrant-administrators-only");
    registration.addUrlPatterns("/engine-rest/*");
    // after the REST authentication (RestAuthentication), so the caller is known
    registration.setOrder(Ordered.LOWEST_PRECEDENCE);
    return registration;
  }

  private static boolean administrator(IdentityService identity) {
    Authentication caller = identity.getCurrentAuthentication();
    return caller != null && caller.getGroupIds() != null && caller.getGroupIds().contains(Roles.ADMINISTRATORS);
  }
}
