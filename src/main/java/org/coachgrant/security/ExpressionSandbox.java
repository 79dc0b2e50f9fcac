package org.coachgrant.security;

import java.beans.FeatureDescriptor;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.impl.juel.jakarta.el.ELContext;
import org.camunda.bpm.impl.juel.jakarta.el.ELException;
import org.camunda.bpm.impl.juel.jakarta.el.ELResolver;

/**
 * What an expression may reach, whoever wrote it (a model, a stored filter, a decision table): the
 * variables, the {@link ModelBean}s and their methods, and plain values. Never reflection, class
 * loading, processes, threads, the file system, the network, the database connection or the
 * engine's configuration: the sandbox refuses to touch such an object, to return one, or to call
 * a member that leads to one ({@code getClass}, {@code forName}, Spin's {@code mapTo}...).
 *
 * <p>Camunda 7.24 CE gets no more security fixes, so this holds even where the engine lets an
 * expression through that it should not (CVE-2026-109432: expressions inside a task query's
 * {@code orQueries}). {@link #problems(String)} applies the same rules to an expression's text, so a
 * model that asks for them is refused when it is deployed, with a message that says why.
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

  private static final Pattern EXPRESSION = Pattern.compile("[$#]\\{(.*?)}", Pattern.DOTALL);
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final ELResolver delegate;

  ExpressionSandbox(ELResolver delegate) {
    this.delegate = delegate;
  }

  /**
   * Why the expressions in this text (an attribute or element of a model) would be refused, or an
   * empty list: every identifier that names a forbidden member.
   */
  static List<String> problems(String text) {
    if (text == null || !(text.contains("${") || text.contains("#{"))) {
      return List.of();
    }
    Matcher expression = EXPRESSION.matcher(text);
    java.util.ArrayList<String> problems = new java.util.ArrayList<>();
    while (expression.find()) {
      Matcher identifier = IDENTIFIER.matcher(expression.group(1));
      while (identifier.find()) {
        if (FORBIDDEN_MEMBERS.contains(identifier.group().toLowerCase(Locale.ROOT))) {
          problems.add("the expression " + expression.group() + " uses '" + identifier.group() + "': " + RULE);
        }
      }
    }
    return problems;
  }

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
