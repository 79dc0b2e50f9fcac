package org.coachgrant.security;

import java.io.IOException;

/**
 * A request body that went past the gateway's limit while it was being read: an upload sent in chunks has no
 * length to refuse up front. Answered 413, naming the limit.
 */
public final class BodyTooLargeException extends IOException {

  BodyTooLargeException(int limitBytes) {
    super("body: must be at most " + limitBytes / (1024 * 1024) + " MB");
  }
}
