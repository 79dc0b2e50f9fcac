package org.coachgrant.notification;

import java.util.Map;

/**
 * Where a template's text comes from when an administrator has changed it in the browser: the parts of the
 * latest saved version by name ({@code subject.vm}, {@code body.txt.vm}, {@code body.html.vm}), read in one go.
 * Empty means the files under {@code coachgrant.mail.templates} are still the current version.
 */
public interface TemplateTexts {

  Map<String, String> latest(String template);
}
