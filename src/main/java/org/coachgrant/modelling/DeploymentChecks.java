package org.coachgrant.modelling;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ParseException;
import org.camunda.bpm.engine.Problem;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.deploy.Deployer;
import org.camunda.bpm.engine.impl.persistence.entity.DeploymentEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ResourceEntity;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The one place every deployment made by a person passes: the engine runs {@link ModelChecks} before it
 * deploys a new deployment from the administrators' page (source {@value #SOURCE}) or from any call of
 * the REST API or the webapps' API ({@code /engine-rest/deployment/create}, which Camunda Modeler uses,
 * and a redeployment). A problem refuses the whole deployment with a {@code ParseException}: the REST
 * API answers 400, and {@code system/ErrorBodies} gives it the usual {@code {"type", "message"}} shape with
 * the same messages the page shows. The models the application deploys at start-up are checked by
 * {@code ModelReferencesTest} instead, so a broken file never stops the application from starting.
 */
@Configuration
class DeploymentChecks extends AbstractProcessEnginePlugin {

  /** The deployment source of the administrators' page. */
  static final String SOURCE = "coachgrant-admin";

  private static final ThreadLocal<Boolean> THROUGH_AN_API = ThreadLocal.withInitial(() -> false);

  private final ModelChecks checks;

  DeploymentChecks(@Lazy ModelChecks checks) {
    this.checks = checks;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getCustomPreDeployers() == null) {
      configuration.setCustomPreDeployers(new ArrayList<>());
    }
    // first, so that a person's deployment is answered with every problem, not only security/ScriptsOff's
    configuration.getCustomPreDeployers().add(0, new CheckingDeployer());
  }

  final class CheckingDeployer implements Deployer {
    @Override
    public void deploy(DeploymentEntity deployment) {
      if (!deployment.isNew() || !(SOURCE.equals(deployment.getSource()) || THROUGH_AN_API.get())) {
        return;
      }
      Map<String, byte[]> files = new LinkedHashMap<>();
      for (ResourceEntity resource : deployment.getResources().values()) {
        files.put(resource.getName(), resource.getBytes());
      }
      List<ModelChecks.Problem> problems = checks.check(files);
      if (!problems.isEmpty()) {
        throw refusal(problems);
      }
    }
  }

  /** The engine's own exception for a model that does not deploy: 400 through the REST API. */
  static ParseException refusal(List<ModelChecks.Problem> problems) {
    List<Problem> errors = new ArrayList<>();
    for (ModelChecks.Problem problem : problems) {
      errors.add(new CheckProblem(problem));
    }
    String message = "This deployment was not made: " + String.join(" ", problems.stream().map(ModelChecks.Problem::message).toList());
    return new ParseException(message, problems.get(0).file(), errors, List.of());
  }

  private record CheckProblem(ModelChecks.Problem problem) implements Problem {
    @Override public String getMessage() { return problem.message(); }
    @Override public int getLine() { return 0; }
    @Override public int getColumn() { return 0; }
    @Override public String getMainElementId() { return problem.elementId(); }
    @Override public List<String> getElementIds() { return problem.elementId() == null ? List.of() : List.of(problem.elementId()); }
  }

  /** Marks the requests of the REST API and the webapps' API, whose deployments are checked. */
  @Bean
  FilterRegistrationBean<Filter> deploymentChecksFilter() {
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
      @Override
      protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
          throws ServletException, IOException {
        THROUGH_AN_API.set(true);
        try {
          chain.doFilter(request, response);
        } finally {
          THROUGH_AN_API.remove();
        }
      }
    });
    registration.setName("coachgrant-deployment-checks");
    registration.addUrlPatterns("/engine-rest/*", "/camunda/api/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 100);
    return registration;
  }
}
