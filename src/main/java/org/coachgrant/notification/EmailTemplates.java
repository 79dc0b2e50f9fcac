package org.coachgrant.notification;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.velocity.Template;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.event.EventCartridge;
import org.apache.velocity.app.event.ReferenceInsertionEventHandler;
import org.apache.velocity.exception.ParseErrorException;
import org.apache.velocity.exception.ResourceNotFoundException;
import org.apache.velocity.exception.VelocityException;
import org.apache.velocity.runtime.RuntimeConstants;
import org.apache.velocity.runtime.RuntimeInstance;
import org.apache.velocity.runtime.parser.ParseException;
import org.apache.velocity.util.ExtProperties;
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
 * <p>{@code #parse} and {@code #include} read only Coachgrant's template store: another template's part,
 * named {@code plan-approved/body.txt.vm}, as the next email would use it (its latest saved version, or its
 * file in the jar). There is no other resource loader: no file, no path, no class path, no URL. The emails,
 * the administrators' preview and the check before a version is saved all use this one engine.
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

  /** The name of a text being previewed or checked: never kept, and never readable by #parse or #include. */
  private static final String PREVIEW = "preview";

  /** A parsed template and the text it was parsed from. */
  private record Parsed(String source, Template template) {}

  private final RuntimeInstance velocity = new RuntimeInstance();
  private final ResourceLoader resources;
  private final String location;
  /** Looked up once, not for each email: resolving a bean provider each time cost a twentieth of an email's CPU. */
  private final org.springframework.util.function.SingletonSupplier<TemplateTexts> changed;
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
    this.changed = org.springframework.util.function.SingletonSupplier.of(changed::getIfAvailable);
    this.location = location.endsWith("/") ? location : location + "/";
    this.inJar = location.startsWith("classpath:");
    velocity.setProperty(RuntimeConstants.RESOURCE_LOADERS, "store");
    velocity.setProperty("resource.loader.store.instance", new Store());
    velocity.setProperty("resource.loader.store.cache", false);
    velocity.setProperty(RuntimeConstants.UBERSPECT_CLASSNAME, SecureUberspector.class.getName());
    velocity.setProperty(RuntimeConstants.MAX_NUMBER_LOOPS, 1000);
    velocity.setProperty(RuntimeConstants.SPACE_GOBBLING, "lines");
    velocity.init();
  }

  public boolean exists(String template) {
    return resource(template, "subject.vm").exists() || changedTexts(template).containsKey("subject.vm");
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
    return text(template, part, changedTexts(template));
  }

  private Optional<String> text(String template, String part, Map<String, String> saved) {
    return Optional.ofNullable(saved.get(part)).or(() -> fileText(template, part));
  }

  /**
   * Renders texts not saved yet (an administrator's preview), with the same sandbox and escaping; secrets
   * masked. A part that does not parse, or reads what is not a template, is a {@link TemplateProblem}.
   */
  public Email preview(String template, Map<String, String> parts, Map<String, Object> model) {
    return new Email(previewPart(template, "subject.vm", parts, model, false).replaceAll("\\s+", " ").strip(),
        previewPart(template, "body.txt.vm", parts, model, false),
        previewPart(template, "body.html.vm", parts, model, true));
  }

  private String previewPart(String template, String part, Map<String, String> parts, Map<String, Object> model, boolean html) {
    try {
      return render(PREVIEW, parts.get(part), model, html);
    } catch (VelocityException e) {
      throw TemplateProblem.of(template, part, e);
    }
  }

  /**
   * Why this text of a template's part would not make an email, or empty: it does not parse, or it reads
   * (with {@code #parse} or {@code #include}) what is not a template part. Rendered once, as the
   * preview does, with no data.
   */
  public Optional<TemplateProblem> problem(String template, String part, String text) {
    try {
      render(PREVIEW, text, Map.of(), part.endsWith(".html.vm"));
      return Optional.empty();
    } catch (VelocityException e) {
      return Optional.of(TemplateProblem.of(template, part, e));
    }
  }

  /** A part that cannot be rendered: which part, which rule ({@code parses}, {@code template-include}, {@code renders}), why. */
  public static final class TemplateProblem extends RuntimeException {
    private final String part;
    private final String rule;

    private TemplateProblem(String part, String rule, String message) {
      super(message);
      this.part = part;
      this.rule = rule;
    }

    static TemplateProblem of(String template, String part, VelocityException e) {
      String where = "Template \"" + template + "\", " + part + ": ";
      if (e instanceof ParseErrorException parse) {
        String why = "line " + parse.getLineNumber() + ", column " + parse.getColumnNumber()
            + (parse.getInvalidSyntax() != null ? ", near \"" + parse.getInvalidSyntax() + "\"" : "");
        return new TemplateProblem(part, "parses", where + "does not parse (" + why + "); check every #if, #foreach and "
            + "#end, and every ${...}.");
      }
      if (e instanceof ResourceNotFoundException) {
        return new TemplateProblem(part, "template-include", where + "#parse and #include read only another template's "
            + "part, named like plan-approved/body.txt.vm; " + e.getMessage());
      }
      return new TemplateProblem(part, "renders", where + "cannot be rendered: "
          + (e.getMessage() == null ? "" : e.getMessage().replaceAll("\\b(?:java|javax|org|com)\\.[\\w$.]*\\w:?\\s*", "")));
    }

    public String part() {
      return part;
    }

    public String rule() {
      return rule;
    }
  }

  /** The email, {@link Secret}s masked: the outbox keeps it so, and its dispatcher issues them as it sends. */
  public Email render(String template, Map<String, Object> model) {
    Map<String, String> saved = changedTexts(template);
    String subject = evaluate(template, "subject.vm", saved, model, false).replaceAll("\\s+", " ").strip();
    return new Email(subject, evaluate(template, "body.txt.vm", saved, model, false),
        evaluate(template, "body.html.vm", saved, model, true));
  }

  private String evaluate(String template, String part, Map<String, String> saved, Map<String, Object> model, boolean html) {
    String text = text(template, part, saved).orElseThrow(() ->
        new IllegalStateException("Email template " + template + "/" + part + " is not in " + location));
    return render(template + "/" + part, text, model, html);
  }

  /** The parts of the latest version an administrator saved, read in one query; empty if none was saved. */
  private Map<String, String> changedTexts(String template) {
    TemplateTexts texts = changed.get();
    return texts == null ? Map.of() : texts.latest(template);
  }

  private String render(String name, String text, Map<String, Object> model, boolean html) {
    VelocityContext context = new VelocityContext(new java.util.HashMap<>(model));
    EventCartridge cartridge = new EventCartridge();
    cartridge.addEventHandler((ReferenceInsertionEventHandler) (ctx, reference, value) -> {
      return value == null ? null : html ? HtmlUtils.htmlEscape(value.toString()) : value.toString();
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
      if (!name.equals(PREVIEW)) {
        parsed.put(name, new Parsed(source, template));
      }
      return template;
    } catch (ParseException e) {
      throw new org.apache.velocity.exception.ParseErrorException(e, name);
    } catch (org.apache.velocity.runtime.parser.TokenMgrError e) {
      // an unclosed directive at the end of the text ("#if(") is a lexical error, thrown as an Error
      Matcher at = Pattern.compile("line (\\d+), column (\\d+)").matcher(String.valueOf(e.getMessage()));
      boolean found = at.find();
      throw new org.apache.velocity.exception.ParseErrorException("lexical error", new org.apache.velocity.util.introspection.Info(
          name, found ? Integer.parseInt(at.group(1)) : 1, found ? Integer.parseInt(at.group(2)) : 1));
    }
  }

  /** What #parse and #include read: a template's part by its name, from the store, or nothing. */
  private final class Store extends org.apache.velocity.runtime.resource.loader.ResourceLoader {
    @Override
    public void init(ExtProperties configuration) {
      // the store is this class's: nothing to configure
    }

    @Override
    public Reader getResourceReader(String name, String encoding) {
      Matcher part = PART.matcher(name == null ? "" : name);
      if (!part.matches()) {
        throw new ResourceNotFoundException("\"" + name + "\" is not a template part.");
      }
      return new StringReader(text(part.group(1), part.group(2)).orElseThrow(() ->
          new ResourceNotFoundException("\"" + name + "\" is not a template part.")));
    }

    @Override
    public boolean resourceExists(String name) {
      Matcher part = PART.matcher(name == null ? "" : name);
      return part.matches() && text(part.group(1), part.group(2)).isPresent();
    }

    @Override
    public boolean isSourceModified(org.apache.velocity.runtime.resource.Resource resource) {
      return true;
    }

    @Override
    public long getLastModified(org.apache.velocity.runtime.resource.Resource resource) {
      return 0;
    }
  }

  /** A template's part, as #parse and #include may name it: {@code plan-approved/body.txt.vm}, nothing else. */
  private static final Pattern PART =
      Pattern.compile("([a-z0-9-]{1,100})/(subject\\.vm|body\\.txt\\.vm|body\\.html\\.vm)");

  private Resource resource(String template, String part) {
    if (!template.matches("[a-z0-9-]+") || !PARTS.contains(part)) {
      throw new IllegalArgumentException("Not a template part: " + template + "/" + part);
    }
    return resources.getResource(location + template + "/" + part);
  }
}
