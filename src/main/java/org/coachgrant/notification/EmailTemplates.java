package org.coachgrant.notification;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.velocity.Template;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.event.EventCartridge;
import org.apache.velocity.app.event.ReferenceInsertionEventHandler;
import org.apache.velocity.runtime.RuntimeConstants;
import org.apache.velocity.runtime.RuntimeInstance;
import org.apache.velocity.runtime.parser.ParseException;
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
 *
 * <p>Each template is parsed once and kept: parsing was most of an email's CPU. Templates read from a folder
 * ({@code file:templates/}) are parsed again when their file changes, so an edit shows in the next email;
 * {@link #clear()} drops every parsed template (for a store of templates that changes them otherwise).
 */
@Component
public class EmailTemplates {

  public record Email(String subject, String text, String html) {}

  /** A parsed template, and the last-modified time of the file it was parsed from (0 in the jar). */
  private record Parsed(Template template, long modified) {}

  private final RuntimeInstance velocity = new RuntimeInstance();
  private final ResourceLoader resources;
  private final String location;
  private final boolean editable;
  private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

  EmailTemplates(ResourceLoader resources, @Value("${coachgrant.mail.templates:classpath:/templates/}") String location) {
    this.resources = resources;
    this.location = location.endsWith("/") ? location : location + "/";
    this.editable = location.startsWith("file:");
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
    VelocityContext context = new VelocityContext(new java.util.HashMap<>(model));
    EventCartridge cartridge = new EventCartridge();
    cartridge.addEventHandler((ReferenceInsertionEventHandler) (ctx, reference, value) -> {
      Object shown = value instanceof Secret secret && revealSecrets ? secret.value() : value;
      return shown == null ? null : html ? HtmlUtils.htmlEscape(shown.toString()) : shown.toString();
    });
    cartridge.attachToContext(context);
    StringWriter out = new StringWriter();
    parsed(template, part).merge(context, out);
    return out.toString();
  }

  /** Forgets every parsed template: the next email of each is parsed again from its source. */
  public void clear() {
    parsed.clear();
  }

  private Template parsed(String template, String part) {
    Resource resource = resource(template, part);
    String name = template + "/" + part;
    long modified = editable ? lastModified(resource) : 0;
    Parsed known = parsed.get(name);
    if (known != null && known.modified() == modified) {
      return known.template();
    }
    try (Reader in = new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8)) {
      Template parsedTemplate = new Template();
      parsedTemplate.setRuntimeServices(velocity);
      parsedTemplate.setName(name);
      parsedTemplate.setData(velocity.parse(in, parsedTemplate));
      parsedTemplate.initDocument();
      parsed.put(name, new Parsed(parsedTemplate, modified));
      return parsedTemplate;
    } catch (IOException e) {
      throw new IllegalStateException("Email template " + name + " cannot be read from " + location, e);
    } catch (ParseException e) {
      throw new org.apache.velocity.exception.ParseErrorException(e, name);
    }
  }

  private static long lastModified(Resource resource) {
    try {
      return resource.lastModified();
    } catch (IOException e) {
      return -1;
    }
  }

  private Resource resource(String template, String part) {
    if (!template.matches("[a-z0-9-]+")) {
      throw new IllegalArgumentException("Not a template name: " + template);
    }
    return resources.getResource(location + template + "/" + part);
  }
}
