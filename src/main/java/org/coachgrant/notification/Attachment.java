package org.coachgrant.notification;

/** A file an email carries (a model entry {@code attachments}: a list of these). */
public record Attachment(String filename, String contentType, String content) {}
