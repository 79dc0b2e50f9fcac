package org.coachgrant.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.support.GenericConversionService;
import org.springframework.core.serializer.support.DeserializingConverter;
import org.springframework.core.serializer.support.SerializingConverter;

/**
 * How the shared sessions' attributes are written and read (Spring Session JDBC's
 * {@code springSessionConversionService}): Java serialization, as Spring Session's own, except that an attribute
 * this version cannot read (written by an older Spring Security or Camunda, or damaged) reads as absent. Its owner
 * is then signed out, asked to sign in again, rather than answered 500 on every request until someone empties
 * the table.
 */
@Configuration(proxyBeanMethods = false)
class SessionAttributes implements BeanClassLoaderAware {

  private static final Logger LOG = LoggerFactory.getLogger(SessionAttributes.class);

  private ClassLoader classLoader;

  @Override
  public void setBeanClassLoader(ClassLoader classLoader) {
    this.classLoader = classLoader;
  }

  @Bean
  ConversionService springSessionConversionService() {
    DeserializingConverter deserializer = new DeserializingConverter(classLoader);
    GenericConversionService conversion = new GenericConversionService();
    conversion.addConverter(Object.class, byte[].class, new SerializingConverter());
    conversion.addConverter(byte[].class, Object.class, bytes -> {
      try {
        return deserializer.convert(bytes);
      } catch (RuntimeException unreadable) {
        LOG.warn("A session attribute this version cannot read is dropped; its owner signs in again: {}",
            unreadable.getMessage());
        return null;
      }
    });
    return conversion;
  }
}
