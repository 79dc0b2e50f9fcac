package org.coachgrant.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.Tenant;
import org.camunda.bpm.engine.rest.util.EngineUtil;
import org.coachgrant.forms.Json;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * HTTP Basic on the REST API, Coachgrant's own endpoints and the metrics ({@code /actuator/prometheus}), checked against Camunda's users: a call
 * runs as its user, with that user's groups, so the same authorizations apply as in Tasklist.
 * Camunda Modeler deploys with an administrator's user name and password. People in a browser sign in
 * once on the sign-in page instead ({@link SignIn}). Every try goes through {@link SignInThrottle}, as
 * the sign-in page's do: a source waiting after wrong passwords is answered 429 with Retry-After.
 * Every path needs a user, {@code /engine-rest/engine} included.
 */
@Configuration
class RestAuthentication {

  private static final String CHALLENGE = "Basic realm=\"default\"";

  @Bean
  FilterRegistrationBean<BasicSignIn> restAuthenticationFilter(ProcessEngine engine, SignInThrottle throttle) {
    FilterRegistrationBean<BasicSignIn> registration = new FilterRegistrationBean<>(new BasicSignIn(engine, throttle));
    registration.setName("coachgrant-rest-authentication");
    registration.addUrlPatterns("/engine-rest/*", "/api/*", "/actuator/prometheus", "/actuator/prometheus/*");
    // before the gateway, which lets a call through by who is calling, and before anything reads a body
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 8);
    return registration;
  }

  static final class BasicSignIn extends OncePerRequestFilter {

    /** {@code /engine-rest/engine/{name}/…} addresses an engine by name; every other path the default one. */
    private static final Pattern NAMED_ENGINE = Pattern.compile("^/engine-rest/engine/([^/]+)(?:/|$)");

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BasicSignIn.class);

    private final ProcessEngine defaultEngine;
    private final SignInThrottle throttle;

    BasicSignIn(ProcessEngine defaultEngine, SignInThrottle throttle) {
      this.defaultEngine = defaultEngine;
      this.throttle = throttle;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      String[] credentials = credentials(request.getHeader("Authorization"));
      if (credentials == null) {
        AllowList.Caller pages = Gateway.signedInToThePages(request);
        if (pages.signedIn()) {
          // a browser's session is never a credential here; a signed-in person is told no, not asked for a password
          String refused = pages.describe() + " " + request.getMethod() + " " + request.getRequestURI() + " (a session, not HTTP Basic)";
          GatewayRefusals.add(refused);
          LOG.warn("Refused {}", refused);
          refuse(response, HttpServletResponse.SC_FORBIDDEN, "Forbidden", null, Gateway.FORBIDDEN);
          return;
        }
        refuse(response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthenticated", null, "Sign in with your user name and password.");
        return;
      }
      // the caller is signed in to the engine the request addresses, whose authorizations then apply
      Matcher named = NAMED_ENGINE.matcher(request.getRequestURI().substring(request.getContextPath().length()));
      ProcessEngine engine = named.find() ? EngineUtil.lookupProcessEngine(named.group(1)) : defaultEngine;
      if (engine == null) {
        refuse(response, HttpServletResponse.SC_NOT_FOUND, "NotFound", null, "This was not found, or is not yours to see.");
        return;
      }
      IdentityService identity = engine.getIdentityService();
      String user = credentials[0];
      String password = credentials[1];
      SignInThrottle.Outcome outcome = throttle.attempt(request.getRemoteAddr(), user,
          () -> identity.checkPassword(user, password));
      switch (outcome.kind()) {
        case WAIT -> {
          response.setHeader("Retry-After", Long.toString(outcome.waitSeconds()));
          refuse(response, 429, "TooManyRequests", "username", "Too many wrong passwords for this user from your address: try again in "
              + SignIn.inWords(outcome.waitSeconds()) + ".");
        }
        case LOCKED -> refuse(response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthenticated", "username", SignIn.LOCKED);
        case WRONG -> refuse(response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthenticated", null,
            "Sign in with your user name and password.");
        case SIGNED_IN -> {
          List<String> groups = identity.createGroupQuery().groupMember(user).list().stream().map(Group::getId).toList();
          List<String> tenants = identity.createTenantQuery().userMember(user).includingGroupsOfUser(true).list().stream()
              .map(Tenant::getId).toList();
          identity.setAuthentication(user, groups, tenants);
          try {
            chain.doFilter(request, response);
          } finally {
            identity.clearAuthentication();
          }
        }
      }
    }

    /** The user name and password of a Basic header, or null for none or a malformed one. */
    static String[] credentials(String header) {
      if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
        return null;
      }
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return null;
      }
      int colon = decoded.indexOf(':');
      if (colon <= 0 || colon == decoded.length() - 1) {
        return null;
      }
      return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    /** A refusal; {@code field} is named where the refusal is about that user name (kept as it is by ErrorBodies). */
    private static void refuse(HttpServletResponse response, int status, String type, String field, String message)
        throws IOException {
      if (status == HttpServletResponse.SC_UNAUTHORIZED) {
        response.setHeader("WWW-Authenticate", CHALLENGE);
      }
      Map<String, String> body = new LinkedHashMap<>();
      body.put("type", type);
      if (field != null) {
        body.put("field", field);
      }
      body.put("message", message);
      response.setStatus(status);
      response.setContentType("application/json");
      response.setCharacterEncoding("UTF-8");
      response.getWriter().write(Json.write(body));
    }
  }
}
