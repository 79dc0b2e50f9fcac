package org.coachgrant.notification;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.velocity.Template;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.event.EventCartridge;
import org.apache.velocity.app.event.ReferenceInsertionEventHandler;
import org.apache.velocity.runtime.RuntimeConstants;
import org.apache.velocity.runtime.RuntimeInstance;
import org.apache.velocity.runtime.parser.ParseException;
import org.apache.velocity.util.introspection.SecureUberspector;
import org.springframework.beans.factory.ObjectProvider;
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
 * A template an administrator changed in the browser ({@link TemplateTexts}) is read for each email,
 * so the next email uses it without a restart.
 *
 * <p>Each template is parsed once and kept with the text it was parsed from: parsing was most of an email's
 * CPU. A text that differs from the kept one (a new version saved in the browser, a changed file under
 * {@code file:templates/}) is parsed again, so the next email always uses what it reads.
 */
@Component
public class EmailTemplates {

  public record Email(String subject, String text, String html) {}

  /** The three files of a template, in the order an editor shows them. */
  public static final List<String> PARTS = List.of("subject.vm", "body.txt.vm", "body.html.vm");

  /** A parsed template and the text it was parsed from. */
  private record Parsed(String source, Template template) {}

  private final RuntimeInstance velocity = new RuntimeInstance();
  private final ResourceLoader resources;
  private final String location;
  private final ObjectProvider<TemplateTexts> changed;
  /** Files in the jar never change: read once. Files in a folder are read for each email. */
  private final boolean inJar;
  private final Map<String, Optional<String>> jarTexts = new ConcurrentHashMap<>();
  private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

  /** The files alone, as a test that renders a folder of templates uses it. */
  EmailTemplates(ResourceLoader resources, String location) {
    this(resources, location, new org.springframework.beans.factory.support.StaticListableBeanFactory()
        .getBeanProvider(TemplateTexts.class));
  }

  @org.springframework.beans.factory.annotation.Autowired
  EmailTemplates(ResourceLoader resources, @Value("${coachgrant.mail.templates:classpath:/templates/}") String location,
      ObjectProvider<TemplateTexts> changed) {
    this.resources = resources;
    this.changed = changed;
    this.location = location.endsWith("/") ? location : location + "/";
    this.inJar = location.startsWith("classpath:");
    velocity.setProperty(RuntimeConstants.UBERSPECT_CLASSNAME, SecureUberspector.class.getName());
    velocity.setProperty(RuntimeConstants.MAX_NUMBER_LOOPS, 1000);
    velocity.setProperty(RuntimeConstants.SPACE_GOBBLING, "lines");
    velocity.init();
  }

  public boolean exists(String template) {
    return resource(template, "subject.vm").exists() || changedText(template, "subject.vm").isPresent();
  }

  /** The text of a part as its file has it (a template's first version), or empty when there is no file. */
  public Optional<String> fileText(String template, String part) {
    return inJar ? jarTexts.computeIfAbsent(template + "/" + part, name -> readFile(template, part)) : readFile(template, part);
  }

  private Optional<String> readFile(String template, String part) {
    Resource resource = resource(template, part);
    if (!resource.exists()) {
      return Optional.empty();
    }
    try (java.io.InputStream in = resource.getInputStream()) {
      return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("Email template " + template + "/" + part + " cannot be read from " + location, e);
    }
  }

  /** The text of a part as the next email will use it: the latest saved version, or the file. */
  public Optional<String> text(String template, String part) {
    return changedText(template, part).or(() -> fileText(template, part));
  }

  /** Renders texts not saved yet (an administrator's preview), with the same sandbox and escaping; secrets masked. */
  public Email preview(Map<String, String> parts, Map<String, Object> model) {
    return new Email(render("preview", parts.get("subject.vm"), model, false, false).replaceAll("\\s+", " ").strip(),
        render("preview", parts.get("body.txt.vm"), model, false, false),
        render("preview", parts.get("body.html.vm"), model, true, false));
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
    String text = text(template, part).orElseThrow(() -> new IllegalStateException("Email template " + template + "/" + part + " is not in " + location));
    return render(template + "/" + part, text, model, html, revealSecrets);
  }

  private Optional<String> changedText(String template, String part) {
    TemplateTexts texts = changed.getIfAvailable();
    return texts == null ? Optional.empty() : texts.latest(template, part);
  }

  private String render(String name, String text, Map<String, Object> model, boolean html, boolean revealSecrets) {
    VelocityContext context = new VelocityContext(new java.util.HashMap<>(model));
    EventCartridge cartridge = new EventCartridge();
    cartridge.addEventHandler((ReferenceInsertionEventHandler) (ctx, reference, value) -> {
      Object shown = value instanceof Secret secret && revealSecrets ? secret.value() : value;
      return shown == null ? null : html ? HtmlUtils.htmlEscape(shown.toString()) : shown.toString();
    });
    cartridge.attachToContext(context);
    StringWriter out = new StringWriter();
    parsed(name, text == null ? "" : text).merge(context, out);
    return out.toString();
  }

  /** Forgets every parsed template: the next email of each is parsed again (the benchmark measures what this saves). */
  public void clear() {
    parsed.clear();
  }

  /** The template parsed from {@code source}: the kept one while the text is the same. A preview is never kept. */
  private Template parsed(String name, String source) {
    Parsed known = parsed.get(name);
    if (known != null && known.source().equals(source)) {
      return known.template();
    }
    try {
      Template template = new Template();
      template.setRuntimeServices(velocity);
      template.setName(name);
      template.setData(velocity.parse(new java.io.StringReader(source), template));
      template.initDocument();
      if (!name.equals("preview")) {
        parsed.put(name, new Parsed(source, template));
      }
      return template;
    } catch (ParseException e) {
      throw new org.apache.velocity.exception.ParseErrorException(e, name);
    }
  }

  private Resource resource(String template, String part) {
    if (!template.matches("[a-z0-9-]+")) {
      throw new IllegalArgumentException("Not a template name: " + template);
    }
    return resources.getResource(location + template + "/" + part);
  }
}
