package org.coachgrant.web;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.coachgrant.forms.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * What Tomcat answers when it refuses a request before Coachgrant sees it (an encoded slash {@code %2F}, a {@code %00},
 * a broken {@code %} escape): Coachgrant's own words, as JSON to a program and as a plain page to a browser, instead of
 * Tomcat's "HTTP Status 400" page. Tomcat's error report is replaced on the host, after Spring Boot has set its own.
 */
@Component
class ContainerRefusals implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

  private static final Logger LOG = LoggerFactory.getLogger(ContainerRefusals.class);

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    factory.addContextCustomizers(context -> {
      Container host = context.getParent();
      for (Valve valve : host.getPipeline().getValves()) {
        if (valve instanceof ErrorReportValve) {
          host.getPipeline().removeValve(valve);
        }
      }
      host.getPipeline().addValve(new InWords());
      if (host instanceof StandardHost standard) {
        // so that starting the host adds no report of Tomcat's own beside this one
        standard.setErrorReportValveClass(InWords.class.getName());
      }
    });
  }

  /** After Spring Boot's customizer, which adds its own error report valve. */
  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }

  /** Reports an error nothing else has written a body for, in Coachgrant's shape; never a trace or a server's name. */
  public static final class InWords extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
      int status = response.getStatus();
      if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
        return;
      }
      String field = null;
      String message;
      if (status == 400) {
        field = ErrorPages.PLAIN_PATH.getField();
        message = ErrorPages.PLAIN_PATH.getMessage();
      } else if (status == 404) {
        message = ErrorBodies.NOT_FOUND;
      } else if (status >= 500) {
        message = ErrorBodies.SERVER_ERROR;
      } else {
        message = "This request was refused.";
      }
      LOG.info("{} {} refused by the server ({})", request.getMethod(), request.getDecodedRequestURI(), status);
      try {
        String uri = String.valueOf(request.getRequestURI());
        String accept = String.valueOf(request.getHeader("Accept"));
        boolean program = uri.startsWith("/api/") || uri.startsWith("/engine-rest/") || uri.startsWith("/camunda/api/")
            || accept.contains("json") && !accept.contains("html");
        response.setCharacterEncoding("UTF-8");
        response.setContentType(program ? "application/json" : "text/html");
        Writer writer = response.getReporter();
        if (writer == null) {
          return;
        }
        if (program) {
          Map<String, String> body = new LinkedHashMap<>();
          body.put("type", ErrorBodies.typeOf(status));
          if (field != null) {
            body.put("field", field);
          }
          body.put("message", message);
          writer.write(Json.write(body));
        } else {
          String heading = status == 400 ? "There is a mistake in this address" : "You can't open this page";
          writer.write("<!doctype html>\n<html lang=\"en-GB\">\n<head><meta charset=\"utf-8\"><title>" + heading
              + " · Coachgrant</title>\n<style>body{font-family:Arial,Helvetica,sans-serif;margin:3em auto;"
              + "max-width:36em;color:#1f2933}a{color:#1a5fb4}</style></head>\n<body>\n<h1>" + heading + "</h1>\n<p>"
              + HtmlUtils.htmlEscape(message) + "</p>\n<p><a href=\"/\">Go to your home page</a></p>\n</body>\n</html>\n");
        }
        response.finishResponse();
      } catch (IOException | IllegalStateException e) {
        // the client has gone; nothing more to say
      }
    }
  }
}
