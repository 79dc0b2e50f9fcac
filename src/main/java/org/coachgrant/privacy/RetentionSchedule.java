package org.coachgrant.privacy;

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.coachgrant.format.WebFormat;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Every night (02:30, server time, after the engine's history cleanup starts) each node runs {@link Retention#runDue};
 * a programme's row is locked while it is done, so two nodes never anonymise it twice.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnProperty(name = "coachgrant.retention.enabled", havingValue = "true", matchIfMissing = true)
class RetentionSchedule {

  private final Retention retention;
  private final WebFormat fmt;

  RetentionSchedule(Retention retention, WebFormat fmt) {
    this.retention = retention;
    this.fmt = fmt;
  }

  @Scheduled(cron = "${coachgrant.retention.cron:0 30 2 * * *}")
  void nightly() {
    retention.runDue(fmt.day(ClockUtil.getCurrentTime()));
  }
}
