package org.coachgrant.security;

import java.util.ArrayList;
import java.util.List;
import javax.script.Bindings;
import javax.script.ScriptEngine;
import javax.script.ScriptEngineFactory;
import javax.script.ScriptEngineManager;
import org.camunda.bpm.engine.ParseException;
import org.camunda.bpm.engine.Problem;
import org.camunda.bpm.engine.ScriptEngineException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.deploy.Deployer;
import org.camunda.bpm.engine.impl.persistence.entity.DeploymentEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ResourceEntity;
import org.camunda.bpm.engine.impl.scripting.ExecutableScript;
import org.camunda.bpm.engine.impl.scripting.ScriptFactory;
import org.camunda.bpm.engine.impl.scripting.engine.ScriptBindingsFactory;
import org.camunda.bpm.engine.impl.scripting.engine.ScriptEngineResolver;
import org.camunda.bpm.engine.impl.scripting.engine.ScriptingEngines;
import org.camunda.bpm.engine.impl.scripting.env.ScriptingEnvironment;
import org.springframework.stereotype.Component;

/**
 * The engine runs no script, in any language, JUEL-as-script ({@code language="juel"}) included: it has
 * no script engine, and its scripting environment refuses every script with a message in plain words.
 * A model needs none: code lives in beans, and conditions are expressions, which run in the
 * {@link ExpressionSandbox}. Decision tables are FEEL, which needs no script engine either.
 *
 * <p>Every new deployment, whoever makes it (the administrators' page, {@code /engine-rest}, the
 * engine's Java API, the application's own models at start-up), is also refused when a file breaks
 * {@link ScriptRules}. So a script is stopped twice: when it is deployed, and, should it get in some
 * other way (a deployment stored before these rules), when the engine would run it.
 */
@Component
class ScriptsOff extends AbstractProcessEnginePlugin {

  static final String REFUSAL = "Scripts are switched off in Coachgrant";

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    ScriptingEngines engines = new NoScriptEngines();
    configuration.setScriptEngineResolver(NO_ENGINES);
    configuration.setScriptingEngines(engines);
    configuration.setScriptingEnvironment(new NoScriptingEnvironment(engines));
    configuration.setAutoStoreScriptVariables(false);
    if (configuration.getCustomPreDeployers() == null) {
      configuration.setCustomPreDeployers(new ArrayList<>());
    }
    configuration.getCustomPreDeployers().add(new RulesOfEveryDeployment());
  }

  private static ScriptEngineException refused(String language, String where) {
    return new ScriptEngineException(REFUSAL + ": " + where + " asks the engine to run a script"
        + (language == null ? "" : " in \"" + language + "\"") + ", and it runs none, in any language. "
        + "Name a bean, or write the condition as an expression without a language, and deploy the model again.");
  }

  private static String where(VariableScope scope) {
    if (scope instanceof DelegateExecution execution && execution.getCurrentActivityId() != null) {
      return "the step " + execution.getCurrentActivityId() + " of " + execution.getProcessDefinitionId();
    }
    if (scope instanceof DelegateTask task) {
      return "the task " + task.getTaskDefinitionKey();
    }
    return "a model";
  }

  /** No script engine for any language: the decision engine and the engine's own scripts find none. */
  private static final class NoScriptEngines extends ScriptingEngines {
    NoScriptEngines() {
      super(new ScriptBindingsFactory(List.of()), NO_ENGINES);
    }

    @Override
    public ScriptEngine getScriptEngineForLanguage(String language) {
      throw refused(language, "a model");
    }

    @Override
    public ScriptingEngines addScriptEngineFactory(ScriptEngineFactory factory) {
      return this;
    }

    @Override
    public Bindings createBindings(ScriptEngine engine, VariableScope scope) {
      throw refused(null, where(scope));
    }
  }

  private static final ScriptEngineResolver NO_ENGINES = new ScriptEngineResolver() {
    @Override
    public void addScriptEngineFactory(ScriptEngineFactory factory) {
      // scripts are off: a script engine offered by a library is not taken
    }

    @Override
    public ScriptEngineManager getScriptEngineManager() {
      throw refused(null, "the engine's configuration");
    }

    @Override
    public ScriptEngine getScriptEngine(String language, boolean cache) {
      throw refused(language, "a model");
    }
  };

  /** Where every script task, script listener, script condition and script input/output would run. */
  private static final class NoScriptingEnvironment extends ScriptingEnvironment {
    NoScriptingEnvironment(ScriptingEngines engines) {
      super(new ScriptFactory(), List.of(), engines);
    }

    @Override
    public Object execute(ExecutableScript script, VariableScope scope) {
      throw refused(script.getLanguage(), where(scope));
    }

    @Override
    public Object execute(ExecutableScript script, VariableScope scope, Bindings bindings, ScriptEngine engine) {
      throw refused(script.getLanguage(), where(scope));
    }
  }

  /** {@link ScriptRules} for each process model and decision table of a new deployment. */
  private static final class RulesOfEveryDeployment implements Deployer {
    @Override
    public void deploy(DeploymentEntity deployment) {
      if (!deployment.isNew()) {
        return;
      }
      List<ScriptRules.Refusal> refusals = new ArrayList<>();
      String first = null;
      for (ResourceEntity resource : deployment.getResources().values()) {
        if (!ScriptRules.isModel(resource.getName())) {
          continue;
        }
        List<ScriptRules.Refusal> found;
        try {
          found = ScriptRules.check(resource.getName(), resource.getBytes());
        } catch (Exception unreadable) {
          // what cannot be read cannot be checked: DOCTYPE (and so any entity) included
          found = List.of(new ScriptRules.Refusal(null, "parses", resource.getName() + " does not parse as XML without a "
              + "DOCTYPE: " + unreadable.getMessage()));
        }
        if (!found.isEmpty() && first == null) {
          first = resource.getName();
        }
        refusals.addAll(found);
      }
      if (!refusals.isEmpty()) {
        List<Problem> problems = refusals.stream().map(r -> (Problem) new Refused(r)).toList();
        throw new ParseException("This deployment was not made: " + String.join(" ",
            refusals.stream().map(ScriptRules.Refusal::message).toList()), first, problems, List.of());
      }
    }
  }

  private record Refused(ScriptRules.Refusal refusal) implements Problem {
    @Override public String getMessage() { return refusal.message(); }
    @Override public int getLine() { return 0; }
    @Override public int getColumn() { return 0; }
    @Override public String getMainElementId() { return refusal.elementId(); }
    @Override public List<String> getElementIds() { return refusal.elementId() == null ? List.of() : List.of(refusal.elementId()); }
  }
}
