package org.coachgrant.system;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.springframework.stereotype.Component;

/**
 * Names the implementations that two Java APIs would otherwise look for with a {@code ServiceLoader} scan of every
 * jar, each time one is asked for. Both were found in the benchmark's CPU profile (docs/benchmarks.md):
 *
 * <ul>
 * <li>Jakarta Mail 2.1 looks up its {@code StreamProvider} for each body part, multipart and header block it makes
 * (jakartaee/mail-api#699 and #861): a tenth of the CPU when emails were sent;
 * <li>the engine builds a {@code javax.xml.datatype.DatatypeFactory} for each timer whose due date it computes
 * from a duration ({@code DurationHelper}).
 * </ul>
 *
 * <p>Named by these system properties, each is one class lookup. A plugin, so that they are set before the engine
 * starts; one set by the command line is kept.
 */
@Component
public class ProviderLookups extends AbstractProcessEnginePlugin {

  static {
    System.getProperties().putIfAbsent("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
    System.getProperties().putIfAbsent("javax.xml.datatype.DatatypeFactory",
        "com.sun.org.apache.xerces.internal.jaxp.datatype.DatatypeFactoryImpl");
  }
}
