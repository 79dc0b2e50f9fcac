package org.coachgrant.notification;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Every node sends the outbox every {@code coachgrant.mail.dispatch.every} (two seconds) on a thread of its own;
 * off in the tests, which send their own emails.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnProperty(name = "coachgrant.mail.dispatch.enabled", havingValue = "true", matchIfMissing = true)
class OutboxSchedule {

  private final OutboxDispatcher dispatcher;

  OutboxSchedule(OutboxDispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  @Scheduled(fixedDelayString = "${coachgrant.mail.dispatch.every:PT2S}", initialDelayString = "${coachgrant.mail.dispatch.every:PT2S}")
  void dispatch() {
    dispatcher.dispatchDue();
  }
}
