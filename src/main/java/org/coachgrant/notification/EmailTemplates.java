package org.coachgrant.notification;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;
import org.apache.velocity.app.event.EventCartridge;
import org.apache.velocity.app.event.ReferenceInsertionEventHandler;
import org.apache.velocity.runtime.RuntimeConstants;
import org.apache.velocity.util.introspection.SecureUberspector;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * Renders the emails in {@code templates/<name>/}: {@code subject.vm}, {@code body.txt.vm},
 * {@code body.html.vm}. Administrators edit these, so Velocity runs with the SecureUberspector (no
 * reflection, no class loading) and a loop limit; in the HTML body every inserted value is escaped,
 * so text a person typed never becomes markup. Inserted values are never evaluated as templates.
 */
@Component
public class EmailTemplates {

  public record Email(String subject, String text, String html) {}

  private final VelocityEngine velocity = new VelocityEngine();
  private final ResourceLoader resources;
  private final String location;

  EmailTemplates(ResourceLoader resources, @Value("${coachgrant.mail.templates:classpath:/templates/}") String location) {
    this.resources = resources;
    this.location = location.endsWith("/") ? location : location + "/";
    velocity.setProperty(RuntimeConstants.UBERSPECT_CLASSNAME, SecureUberspector.class.getName());
    velocity.setProperty(RuntimeConstants.MAX_NUMBER_LOOPS, 1000);
    velocity.setProperty(RuntimeConstants.SPACE_GOBBLING, "lines");
    velocity.init();
  }

  public boolean exists(String template) {
    return resource(template, "subject.vm").exists();
  }

  /** The email to send: {@link Secret}s in full. */
  public Email render(String template, Map<String, Object> model) {
    return render(template, model, true);
  }

  /** The email to keep (the outbox, the mailbox page): {@link Secret}s masked. */
  public Email renderForStorage(String template, Map<String, Object> model) {
    return render(template, model, false);
  }

  private Email render(String template, Map<String, Object> model, boolean revealSecrets) {
    String subject = evaluate(template, "subject.vm", model, false, revealSecrets).replaceAll("\\s+", " ").strip();
    return new Email(subject, evaluate(template, "body.txt.vm", model, false, revealSecrets),
        evaluate(template, "body.html.vm", model, true, revealSecrets));
  }

  private String evaluate(String template, String part, Map<String, Object> model, boolean html, boolean revealSecrets) {
    Resource resource = resource(template, part);
    VelocityContext context = new VelocityContext(new java.util.HashMap<>(model));
    EventCartridge cartridge = new EventCartridge();
    cartridge.addEventHandler((ReferenceInsertionEventHandler) (ctx, reference, value) -> {
      Object shown = value instanceof Secret secret && revealSecrets ? secret.value() : value;
      return shown == null ? null : html ? HtmlUtils.htmlEscape(shown.toString()) : shown.toString();
    });
    cartridge.attachToContext(context);
    StringWriter out = new StringWriter();
    try (Reader in = new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8)) {
      velocity.evaluate(context, out, template + "/" + part, in);
    } catch (IOException e) {
      throw new IllegalStateException("Email template " + template + "/" + part + " cannot be read from " + location, e);
    }
    return out.toString();
  }

  private Resource resource(String template, String part) {
    if (!template.matches("[a-z0-9-]+")) {
      throw new IllegalArgumentException("Not a template name: " + template);
    }
    return resources.getResource(location + template + "/" + part);
  }
}
