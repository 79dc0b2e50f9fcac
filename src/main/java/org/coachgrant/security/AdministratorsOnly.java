package org.coachgrant.security;

import org.coachgrant.admin.Roles;
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
  /** The same resources in the webapps' engine API, which Cockpit's dashboard reads. */
  private static final java.util.regex.Pattern WEBAPP_PATHS =
      java.util.regex.Pattern.compile("^/camunda/api/engine/engine/[^/]+/(metrics|telemetry)(/.*)?$");

  @Bean
  FilterRegistrationBean<Filter> administratorsOnlyFilter(IdentityService identity) {
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
      @Override
      protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
          throws ServletException, IOException {
        String path = (request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo()))
            .replaceAll("/{2,}", "/").toLowerCase(java.util.Locale.ROOT);
        boolean rest = PATHS.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"));
        boolean webapp = WEBAPP_PATHS.matcher(path).matches();
        if (rest && !administrator(identity) || webapp && !administratorSignedIn(request)) {
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
    registration.addUrlPatterns("/engine-rest/*", "/camunda/api/engine/*");
    // after the REST authentication (RestAuthentication), so the caller is known
    registration.setOrder(Ordered.LOWEST_PRECEDENCE);
    return registration;
  }

  /** The webapps keep who signed in in the HTTP session, per engine. */
  private static boolean administratorSignedIn(HttpServletRequest request) {
    jakarta.servlet.http.HttpSession session = request.getSession(false);
    return session != null && org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil.getAuthsFromSession(session)
        .getAuthentications().stream().anyMatch(a -> a.getGroupIds() != null && a.getGroupIds().contains(Roles.ADMINISTRATORS));
  }

  private static boolean administrator(IdentityService identity) {
    Authentication caller = identity.getCurrentAuthentication();
    return caller != null && caller.getGroupIds() != null && caller.getGroupIds().contains(Roles.ADMINISTRATORS);
  }
}
