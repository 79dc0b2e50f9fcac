package org.coachgrant.security;

import org.coachgrant.system.ModelBean;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.impl.TaskQueryImpl;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.spring.SpringExpressionManager;
import org.camunda.bpm.impl.juel.jakarta.el.ELResolver;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * Puts every expression the engine evaluates in the {@link ExpressionSandbox}, and checks what
 * reaches the engine before anything is evaluated:
 * <ul>
 * <li>expressions see the {@link ModelBean}s only, not the whole Spring context;</li>
 * <li>a model is refused at deployment when an expression asks for a forbidden member, or when it
 * has scripts or {@code camunda:class}: {@link ScriptRules}, enforced by {@link ScriptsOff};</li>
 * <li>a task query with expressions anywhere in it, its {@code orQueries} included, is refused: the
 * engine's own check looks at the top level only (CVE-2026-109432). The HTTP entry points refuse
 * them earlier ({@link Gateway}); this covers every other caller.</li>
 * </ul>
 */
@Component
class ExpressionSandboxPlugin extends AbstractProcessEnginePlugin {

  private final ApplicationContext context;

  ExpressionSandboxPlugin(ApplicationContext context) {
    this.context = context;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setExpressionManager(new SandboxedExpressionManager(context, new ModelBeans(context)));
    if (configuration.getCustomPostCommandInterceptorsTxRequired() == null) {
      configuration.setCustomPostCommandInterceptorsTxRequired(new ArrayList<>());
    }
    configuration.getCustomPostCommandInterceptorsTxRequired().add(new NoExpressionsInQueries());
  }

  static final class SandboxedExpressionManager extends SpringExpressionManager {
    SandboxedExpressionManager(ApplicationContext context, Map<Object, Object> beans) {
      super(context, beans);
    }

    @Override
    protected ELResolver createElResolver() {
      return new ExpressionSandbox(super.createElResolver());
    }

    /**
     * The engine's own functions only: {@code currentUser()}, {@code currentUserGroups()},
     * {@code now()}, {@code dateTime()}. Spin's {@code S()}, {@code JSON()} and {@code XML()} would
     * serialize any object they are given by its getters, past the sandbox.
     */
    @Override
    public void addFunction(String name, java.lang.reflect.Method function) {
      if (ExpressionSandbox.FUNCTIONS.contains(name)) {
        super.addFunction(name, function);
      }
    }
  }

  /** The beans annotated {@link ModelBean}, looked up when first named (the engine starts before them). */
  static final class ModelBeans extends AbstractMap<Object, Object> {
    private final ApplicationContext context;
    private volatile Set<String> names;

    ModelBeans(ApplicationContext context) {
      this.context = context;
    }

    Set<String> names() {
      if (names == null) {
        names = Set.of(context.getBeanNamesForAnnotation(ModelBean.class));
      }
      return names;
    }

    @Override
    public boolean containsKey(Object key) {
      return names().contains(key);
    }

    @Override
    public Object get(Object key) {
      return containsKey(key) ? context.getBean((String) key) : null;
    }

    @Override
    public Set<Entry<Object, Object>> entrySet() {
      return names().stream().map(name -> Map.entry((Object) name, context.getBean(name)))
          .collect(Collectors.toSet());
    }
  }

  /** A task query (and each of its or-queries) that reaches the engine with an expression is refused. */
  static final class NoExpressionsInQueries extends CommandInterceptor {
    @Override
    public <T> T execute(Command<T> command) {
      if (command instanceof TaskQueryImpl query) {
        Set<String> expressions = new TreeSet<>();
        for (TaskQueryImpl part : query.getQueries()) {
          expressions.addAll(part.getExpressions().keySet());
        }
        if (!expressions.isEmpty()) {
          throw new BadUserRequestException("Expressions are not allowed in queries: " + String.join(", ", expressions));
        }
      }
      return next.execute(command);
    }
  }
}
