package org.coachgrant.forms;

import java.util.List;
import java.util.regex.Pattern;

/**
 * People's text as a Camunda Form's text component shows it. Tasklist's form-js puts a task's variables into
 * a text component's {@code {{…}}} and renders the result as Markdown (marked, GitHub flavour) with HTML
 * allowed, so a setting's name or a reviewer's comment could otherwise make headings, links to any site,
 * images or {@code <div>}s inside another person's form. Every value a form's text shows goes through
 * {@link #markdown}: what was typed is shown as it was typed, and nothing in it is markup.
 *
 * <p>Each character that can begin Markdown, HTML or a FEEL template is backslash-escaped (CommonMark
 * shows {@code \X} as X for every ASCII punctuation X); those that do so only in context are escaped only
 * there, so that an ordinary name such as "St. Mary's Pre-School &amp; Nursery #2" stays as it is in Tasklist's
 * lists, which show the same variables as plain text.
 */
public final class FormText {

  /** Characters that are markup wherever they stand: emphasis, code, links and images, HTML, tables, strike-through, FEEL. */
  private static final String ALWAYS = "\\`*_[]<>|~{}";
  /** At the start of a line: a heading, a list item, a setext heading's underline, a thematic break. */
  private static final String LINE_START = "#-+=";
  /** "1." or "1)" at the start of a line: an ordered list. */
  private static final Pattern ORDERED_ITEM = Pattern.compile("\\d{1,9}[.)].*", Pattern.DOTALL);
  /** The characters around the "@" of an email address, which becomes a link. */
  private static final String EMAIL_BEFORE = "abcdefghijklmnopqrstuvwxyz0123456789._+-";
  private static final String EMAIL_AFTER = "abcdefghijklmnopqrstuvwxyz0123456789_-";
  /** A character reference: "&lt;", "&#60;", "&#x3c;". */
  private static final Pattern ENTITY = Pattern.compile("&#?[A-Za-z0-9]+;.*", Pattern.DOTALL);

  private FormText() {}

  /** {@code text} for a form's text component: reads the same, renders as nothing but text; null stays null. */
  public static String markdown(String text) {
    if (text == null) {
      return null;
    }
    StringBuilder escaped = new StringBuilder(text.length() + 8);
    String[] lines = text.split("\\R", -1);
    for (int i = 0; i < lines.length; i++) {
      if (i > 0) {
        escaped.append('\n');
      }
      // four spaces or a tab in front of a line would make it a code block
      line(lines[i].stripLeading(), escaped);
    }
    return escaped.toString();
  }

  /** One Markdown bullet a line, each line's text escaped and kept on one line. */
  public static String markdownList(List<String> lines) {
    StringBuilder list = new StringBuilder();
    for (String line : lines) {
      list.append("- ").append(markdown(line.replaceAll("\\s*\\R\\s*", " ").strip())).append('\n');
    }
    return list.toString();
  }

  private static void line(String line, StringBuilder out) {
    String lower = line.toLowerCase(java.util.Locale.ROOT);
    boolean orderedItem = ORDERED_ITEM.matcher(line).matches();
    for (int at = 0; at < line.length(); at++) {
      char c = line.charAt(at);
      boolean escape = ALWAYS.indexOf(c) >= 0
          || at == 0 && LINE_START.indexOf(c) >= 0
          || orderedItem && (c == '.' || c == ')') && line.substring(0, at).chars().allMatch(Character::isDigit)
          // autolinks: "http://…", "ftp://…", "www.…" and "someone@example.org" become links without any markup
          || c == ':' && line.startsWith("//", at + 1)
          || c == '.' && at >= 3 && lower.startsWith("www", at - 3)
          // the closing #s of a heading line, which would be dropped
          || c == '#' && line.substring(at).matches("#*\\s*")
          || c == '@' && at > 0 && EMAIL_BEFORE.indexOf(lower.charAt(at - 1)) >= 0 && at + 1 < line.length()
              && EMAIL_AFTER.indexOf(lower.charAt(at + 1)) >= 0
          || c == '&' && ENTITY.matcher(line).region(at, line.length()).matches();
      if (escape) {
        out.append('\\');
      }
      out.append(c);
    }
  }
}
