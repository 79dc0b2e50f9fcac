package org.coachgrant.notification;

import java.util.Optional;

/**
 * Where a template's text comes from when an administrator has changed it in the browser: the
 * latest saved version of a part ({@code subject.vm}, {@code body.txt.vm}, {@code body.html.vm}).
 * Empty means the file under {@code coachgrant.mail.templates} is still the current version.
 */
public interface TemplateTexts {

  Optional<String> latest(String template, String part);
}
