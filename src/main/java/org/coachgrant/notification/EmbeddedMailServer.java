package org.coachgrant.notification;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The default run's SMTP server, on 127.0.0.1 only: every email is really sent and can be read at
 * {@code /mailbox}, with no outside service. Off where a real mail server is configured.
 */
@Component
@ConditionalOnProperty(name = "coachgrant.mail.embedded-server", havingValue = "true")
class EmbeddedMailServer implements SmartLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMailServer.class);

  private final GreenMail greenMail;
  private boolean running;

  EmbeddedMailServer(@Value("${spring.mail.port}") int port) {
    greenMail = new PromptGreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
        .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
  }

  @Override
  public void start() {
    greenMail.start();
    running = true;
    LOG.info("Embedded SMTP server listening on 127.0.0.1:{}; emails are shown at /mailbox",
        greenMail.getSmtp().getPort());
  }

  @Override
  public void stop() {
    greenMail.stop();
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Before the job executor, which may send mail as soon as it runs. */
  @Override
  public int getPhase() {
    return Integer.MIN_VALUE;
  }
}
