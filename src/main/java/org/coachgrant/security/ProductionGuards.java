package org.coachgrant.security;

import jakarta.servlet.Filter;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/** What production adds: HSTS on every response, and no demo data ever. */
@Configuration
class ProductionGuards {

  @Bean
  @ConditionalOnProperty(name = "coachgrant.hsts", havingValue = "true")
  FilterRegistrationBean<Filter> strictTransportSecurity() {
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
      ((jakarta.servlet.http.HttpServletResponse) response)
          .setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
      chain.doFilter(request, response);
    });
    registration.addUrlPatterns("/*");
    return registration;
  }

  /** Refuses before the engine starts, so no demo user is ever created in production. */
  @Bean
  @Profile("prod & demo")
  AbstractProcessEnginePlugin demoInProduction() {
    return new AbstractProcessEnginePlugin() {
      @Override
      public void preInit(ProcessEngineConfigurationImpl configuration) {
        throw new IllegalStateException("Coachgrant will not start: the demo profile (demo users, password 'demo')"
            + " is never active together with prod");
      }
    };
  }
}
