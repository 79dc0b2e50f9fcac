package org.coachgrant.system;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * A Spring bean that the process models may name in an expression ({@code ${sendEmail}},
 * {@code ${planDeadline.overdue(execution)}}). Expressions see these beans and no others: not the
 * data source, the engine's configuration or Spring's own beans (see {@link ExpressionSandbox}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface ModelBean {

  /** The name the models use. */
  @AliasFor(annotation = Component.class)
  String value();
}
