package org.coachgrant.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.metrics.Meter;
import org.camunda.bpm.engine.impl.metrics.MetricsRegistry;
import org.springframework.stereotype.Component;

/**
 * The engine's own figures (Cockpit's metrics: {@code job-acquisition-attempt}, {@code job-acquired-success},
 * {@code job-successful}, {@code job-failed}, {@code activity-instance-start}, ...) as counters
 * {@code camunda.engine.events}, tagged with the figure's name. The engine counts them in memory and writes them to
 * ACT_RU_METER_LOG every 15 minutes, clearing its count; each is also counted here as it happens, so a scrape reads
 * memory, never the database, and the counters only ever go up.
 */
@Component
class EngineMetrics extends AbstractProcessEnginePlugin {

  static final String NAME = "camunda.engine.events";

  private final MeterRegistry registry;

  EngineMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setMetricsRegistry(new Counting(registry));
  }

  @Override
  public void postInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getMetricsRegistry() instanceof Counting counting) {
      // every figure is on the page from the start, at 0
      counting.getDbMeters().keySet().forEach(counting::counter);
    }
  }

  /** The engine's registry, counting each of its database figures in Micrometer as well. */
  static final class Counting extends MetricsRegistry {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    Counting(MeterRegistry registry) {
      this.registry = registry;
    }

    @Override
    protected void markOccurrence(Map<String, Meter> meters, String name, long times) {
      super.markOccurrence(meters, name, times);
      if (meters == dbMeters && meters.containsKey(name)) {
        counter(name).increment(times);
      }
    }

    Counter counter(String name) {
      return counters.computeIfAbsent(name, n -> Counter.builder(NAME).tag("name", n)
          .description("The engine's own figures (Cockpit's metrics), by name").register(registry));
    }
  }
}
