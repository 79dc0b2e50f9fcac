package org.coachgrant.security;

import jakarta.servlet.Filter;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * HTTP Basic on the REST API and Coachgrant's own endpoints, checked against Camunda's users: a call
 * runs as its user, with that user's groups, so the same authorizations apply as in Tasklist.
 * Camunda Modeler deploys with an administrator's user name and password. People in a browser sign in
 * once on the sign-in page instead ({@link SignIn}).
 */
@Configuration
class RestAuthentication {

  @Bean
  FilterRegistrationBean<Filter> restAuthenticationFilter() {
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
    registration.setName("coachgrant-rest-authentication");
    registration.addInitParameter(ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
        HttpBasicAuthenticationProvider.class.getName());
    registration.addUrlPatterns("/engine-rest/*", "/api/*");
    // before the gateway, which lets a call through by who is calling, and before anything reads a body
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 8);
    return registration;
  }
}
