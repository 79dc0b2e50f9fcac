package org.coachgrant.security;

import java.beans.FeatureDescriptor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.el.CommandContextFunctions;
import org.camunda.bpm.engine.impl.el.DateTimeFunctions;
import org.camunda.bpm.impl.juel.AstBracket;
import org.camunda.bpm.impl.juel.AstDot;
import org.camunda.bpm.impl.juel.AstFunction;
import org.camunda.bpm.impl.juel.AstIdentifier;
import org.camunda.bpm.impl.juel.AstString;
import org.camunda.bpm.impl.juel.Builder;
import org.camunda.bpm.impl.juel.Node;
import org.camunda.bpm.impl.juel.Tree;
import org.camunda.bpm.impl.juel.TreeBuilder;
import org.camunda.bpm.impl.juel.TreeBuilderException;
import org.camunda.bpm.impl.juel.jakarta.el.ELContext;
import org.camunda.bpm.impl.juel.jakarta.el.ELException;
import org.camunda.bpm.impl.juel.jakarta.el.ELResolver;
import org.camunda.spin.Spin;

/**
 * What an expression may reach, whoever wrote it (a model, a stored filter, a decision table): the
 * variables, the {@link ModelBean}s and their methods, and plain values. Never reflection, class
 * loading, processes, threads, the file system, the network, the database connection or the
 * engine's configuration: the sandbox refuses to touch such an object, to return one, or to call
 * a member that leads to one ({@code getClass}, {@code forName}, Spin's {@code mapTo}...). Nor a static
 * method called through a value ({@code ${j.JSON(x)}}: Spin's functions are static methods of every Spin
 * value), nor any method of a JSON value but those that read it.
 *
 * <p>Camunda 7.24 CE gets no more security fixes, so this holds even where the engine lets an
 * expression through that it should not (CVE-2026-109432: expressions inside a task query's
 * {@code orQueries}). {@link #problems(String)} applies the same rules to an expression as the engine
 * parses it, so a model that asks for them is refused when it is deployed ({@link ScriptRules}), with a
 * message that says why.
 */
final class ExpressionSandbox extends ELResolver {

  /** Members that lead to reflection, class loading or deserialization into any class. */
  static final Set<String> FORBIDDEN_MEMBERS = Set.of("class", "getclass", "classloader", "getclassloader",
      "contextclassloader", "getcontextclassloader", "forname", "loadclass", "newinstance", "getruntime", "exec",
      "mapto", "processengineconfiguration", "getprocessengineconfiguration", "processengine", "getprocessengine",
      "processengineservices", "getprocessengineservices", "commandexecutor", "getcommandexecutor", "declaredmethods",
      "getdeclaredmethod", "getdeclaredmethods", "getmethod", "getmethods", "getdeclaredfield", "getfield",
      "getconstructor", "getdeclaredconstructor", "invoke", "getmodule", "module");

  /** Types an expression may neither hold nor use: the way out to the machine. */
  private static final List<Class<?>> FORBIDDEN_TYPES = List.of(Class.class, ClassLoader.class, Module.class,
      Runtime.class, Process.class, ProcessBuilder.class, ProcessHandle.class, Thread.class, ThreadGroup.class,
      java.io.File.class, java.io.InputStream.class, java.io.OutputStream.class, java.io.Reader.class,
      java.io.Writer.class, java.nio.file.Path.class, java.nio.file.FileSystem.class,
      java.nio.channels.Channel.class, java.lang.reflect.AccessibleObject.class, java.lang.reflect.Member.class,
      java.lang.invoke.MethodHandle.class, java.lang.invoke.MethodHandles.Lookup.class, java.sql.Connection.class,
      java.sql.Statement.class, javax.sql.DataSource.class, ProcessEngineConfiguration.class,
      // the engine and its services: SQL through table names, users and their password hashes, authorizations
      org.camunda.bpm.engine.ProcessEngine.class, org.camunda.bpm.engine.ProcessEngineServices.class,
      org.camunda.bpm.engine.impl.ServiceImpl.class, org.camunda.bpm.engine.identity.User.class,
      org.camunda.bpm.engine.authorization.Authorization.class);

  /** Packages whose objects an expression may not touch, for the same reason. */
  private static final List<String> FORBIDDEN_PACKAGES = List.of("java.lang.reflect.", "java.lang.invoke.",
      "java.io.", "java.nio.", "java.net.", "java.sql.", "javax.sql.", "javax.naming.", "javax.script.",
      "javax.management.", "java.rmi.", "sun.", "com.sun.", "jdk.", "org.springframework.context.",
      "org.springframework.beans.", "org.springframework.core.env.", "org.springframework.jdbc.",
      "org.apache.ibatis.", "org.h2.", "org.postgresql.", "com.zaxxer.hikari.", "org.camunda.bpm.engine.impl.cfg.",
      "org.camunda.bpm.engine.impl.interceptor.", "org.camunda.bpm.engine.impl.db.");

  /**
   * Spin's functions, which any Spin value also has as methods ({@code ${j.JSON(x)}}): they would turn any
   * object they are given into JSON or XML by calling its getters, past the sandbox.
   */
  static final Set<String> SPIN_FUNCTIONS = Set.of("S", "JSON", "XML");

  /** The functions an expression may call: the engine's own, never Spin's. */
  static final Set<String> FUNCTIONS = Set.of(CommandContextFunctions.CURRENT_USER,
      CommandContextFunctions.CURRENT_USER_GROUPS, DateTimeFunctions.NOW, DateTimeFunctions.DATE_TIME);

  /**
   * What an expression may do with a Spin value (a JSON variable): read it. Its other methods write into it
   * from any object (by that object's getters), write it out, or map it to a class.
   */
  private static final Set<String> SPIN_READS = Set.of("prop", "hasProp", "isObject", "isArray", "isString", "isNumber",
      "isBoolean", "isNull", "isValue", "stringValue", "numberValue", "boolValue", "value", "elements", "fieldNames",
      "toString", "attr", "hasAttr", "childElement", "childElements", "name", "textContent");

  /** The names of each class's public static methods, which an expression may not call through an object. */
  private static final ClassValue<Set<String>> STATIC_METHODS = new ClassValue<>() {
    @Override
    protected Set<String> computeValue(Class<?> type) {
      return Arrays.stream(type.getMethods()).filter(m -> Modifier.isStatic(m.getModifiers()))
          .map(Method::getName).collect(Collectors.toUnmodifiableSet());
    }
  };

  private static final TreeBuilder PARSER = new Builder(Builder.Feature.METHOD_INVOCATIONS, Builder.Feature.VARARGS);

  private final ELResolver delegate;

  ExpressionSandbox(ELResolver delegate) {
    this.delegate = delegate;
  }

  /**
   * Why the expressions in this text (an attribute or element of a model) would be refused, or an
   * empty list. The text is parsed as the engine parses it, so quotes and braces inside an expression
   * hide nothing; then every member, map key, function and name in it is checked against the rules
   * the sandbox applies when it runs. A text that does not parse is refused: the engine could not run it.
   */
  static List<String> problems(String text) {
    if (text == null || !(text.contains("${") || text.contains("#{"))) {
      return List.of();
    }
    String shown = text.strip().length() > 200 ? text.strip().substring(0, 200) + "…" : text.strip();
    Tree tree;
    try {
      tree = PARSER.build(text);
    } catch (TreeBuilderException e) {
      return List.of("the expression " + shown + " does not parse (" + e.getMessage() + ")");
    }
    Set<String> reflection = new LinkedHashSet<>();
    Set<String> functions = new LinkedHashSet<>();
    walk(tree.getRoot(), reflection, functions);
    List<String> problems = new ArrayList<>();
    if (!reflection.isEmpty()) {
      problems.add("the expression " + shown + " uses " + quoted(reflection) + ": " + RULE);
    }
    if (!functions.isEmpty()) {
      problems.add("the expression " + shown + " calls " + quoted(functions) + ": " + FUNCTION_RULE);
    }
    return problems;
  }

  private static void walk(Node node, Set<String> reflection, Set<String> functions) {
    if (node instanceof AstFunction function && !FUNCTIONS.contains(function.getName())) {
      functions.add(function.getName() + "()");
    }
    // the name after a dot, a name, or a quoted name in brackets; AstDot shows its name only as ". name"
    String member = node instanceof AstDot dot ? dot.toString().substring(2)
        : node instanceof AstIdentifier identifier ? identifier.getName()
        : node instanceof AstBracket && node.getChild(1) instanceof AstString key ? String.valueOf(key.eval(null, null))
        : null;
    if (member != null && FORBIDDEN_MEMBERS.contains(member.toLowerCase(Locale.ROOT))) {
      reflection.add(member);
    } else if (member != null && SPIN_FUNCTIONS.contains(member)) {
      functions.add(member);
    }
    for (int i = 0; i < node.getCardinality(); i++) {
      walk(node.getChild(i), reflection, functions);
    }
  }

  private static String quoted(Set<String> names) {
    return String.join(", ", names.stream().map(name -> "'" + name + "'").toList());
  }

  static final String FUNCTION_RULE = "expressions may call only currentUser(), currentUserGroups(), now() and dateTime(), "
      + "never Spin's S(), JSON() or XML(), whether as a function or as a method of a value";

  static final String RULE = "expressions may not use reflection, class loading, processes, threads, files, "
      + "the network or the database";

  @Override
  public Object getValue(ELContext context, Object base, Object property) {
    checkBase(base, property);
    return checkResult(delegate.getValue(context, base, property));
  }

  @Override
  public Object invoke(ELContext context, Object base, Object method, Class<?>[] types, Object[] params) {
    checkBase(base, method);
    if (base != null && method instanceof String name) {
      if (STATIC_METHODS.get(base.getClass()).contains(name)) {
        throw new ELException("Refused: an expression called " + name + "() through a value; " + FUNCTION_RULE + ".");
      }
      if (base instanceof Spin<?> && (!SPIN_READS.contains(name) || !plain(params))) {
        throw new ELException("Refused: an expression called " + name + "() on a JSON value; expressions may only read "
            + "JSON values (prop('name'), stringValue(), elements()...).");
      }
    }
    if (params != null) {
      for (Object param : params) {
        checkResult(param);
      }
    }
    return checkResult(delegate.invoke(context, base, method, types, params));
  }

  @Override
  public Class<?> getType(ELContext context, Object base, Object property) {
    checkBase(base, property);
    return delegate.getType(context, base, property);
  }

  @Override
  public void setValue(ELContext context, Object base, Object property, Object value) {
    checkBase(base, property);
    checkResult(value);
    delegate.setValue(context, base, property, value);
  }

  @Override
  public boolean isReadOnly(ELContext context, Object base, Object property) {
    checkBase(base, property);
    return delegate.isReadOnly(context, base, property);
  }

  @Override
  public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
    checkBase(base, null);
    return delegate.getFeatureDescriptors(context, base);
  }

  @Override
  public Class<?> getCommonPropertyType(ELContext context, Object base) {
    checkBase(base, null);
    return delegate.getCommonPropertyType(context, base);
  }

  @Override
  public Object convertToType(ELContext context, Object value, Class<?> type) {
    checkResult(value);
    return delegate.convertToType(context, value, type);
  }

  private static void checkBase(Object base, Object member) {
    if (member instanceof String name && FORBIDDEN_MEMBERS.contains(name.toLowerCase(Locale.ROOT))) {
      throw new ELException("Refused: an expression used '" + name + "'; " + RULE + ".");
    }
    if (base != null) {
      checkResult(base);
    }
  }

  private static Object checkResult(Object value) {
    if (value != null && forbidden(value.getClass())) {
      throw new ELException("Refused: an expression reached a " + value.getClass().getSimpleName() + "; " + RULE + ".");
    }
    return value;
  }

  private static boolean plain(Object[] params) {
    if (params != null) {
      for (Object param : params) {
        if (param != null && !(param instanceof String || param instanceof Number || param instanceof Boolean)) {
          return false;
        }
      }
    }
    return true;
  }

  static boolean forbidden(Class<?> type) {
    for (Class<?> forbidden : FORBIDDEN_TYPES) {
      if (forbidden.isAssignableFrom(type)) {
        return true;
      }
    }
    String name = type.getName();
    for (String prefix : FORBIDDEN_PACKAGES) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
