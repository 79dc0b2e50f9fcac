package org.coachgrant.forms;

import java.util.ArrayList;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The engine wraps an exception thrown by a task or execution listener in a generic
 * ProcessEngineException, which the REST API answers with 500. This interceptor, outside the
 * transaction, hands the caller our {@link InvalidInputException} itself: a 400 naming the field.
 */
@Component
class ValidationErrorsPlugin extends AbstractProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getCustomPreCommandInterceptorsTxRequired() == null) {
      configuration.setCustomPreCommandInterceptorsTxRequired(new ArrayList<>());
    }
    configuration.getCustomPreCommandInterceptorsTxRequired().add(new Unwrap());
  }

  private static final Logger LOG = LoggerFactory.getLogger(ValidationErrorsPlugin.class);

  static class Unwrap extends CommandInterceptor {
    @Override
    public <T> T execute(Command<T> command) {
      try {
        return next.execute(command);
      } catch (RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
          if (cause instanceof InvalidInputException invalid) {
            LOG.info("Refused {}: {}", command.getClass().getSimpleName(), invalid.getMessage());
            throw invalid;
          }
        }
        throw e;
      }
    }
  }
}
