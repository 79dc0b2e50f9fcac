package org.coachgrant.notification;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.smtp.SmtpServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.net.Socket;
import java.net.SocketException;
import java.util.Map;

/**
 * GreenMail whose SMTP server answers at once. GreenMail writes each line of a multi-line reply (EHLO's, HELO's) in
 * a packet of its own; Nagle's algorithm holds the second line until the client acknowledges the first, and the
 * client delays that acknowledgement 40 ms, so every email waited 40 ms for nothing. TCP_NODELAY on each client
 * connection sends every line at once, as real SMTP servers' replies arrive. The default run's mail server and the
 * tests' use it.
 */
public class PromptGreenMail extends GreenMail {

  public PromptGreenMail(ServerSetup setup) {
    super(setup);
  }

  @Override
  protected Map<String, AbstractServer> createServices(ServerSetup[] config, Managers managers) {
    Map<String, AbstractServer> services = super.createServices(config, managers);
    for (ServerSetup setup : config) {
      if (ServerSetup.PROTOCOL_SMTP.equals(setup.getProtocol())) {
        services.put(ServerSetup.PROTOCOL_SMTP, new SmtpServer(setup, managers) {
          @Override
          protected void handleClientSocket(Socket socket) throws SocketException {
            socket.setTcpNoDelay(true);
            super.handleClientSocket(socket);
          }
        });
      }
    }
    return services;
  }
}
