package org.coachgrant.notification;

import java.util.Optional;

/** Issues the {@link Secret}s of one kind as their email is sent. */
public interface SecretIssuer {

  /** The kind of {@link Secret} this issues. */
  String kind();

  /** The secret's value for {@code subject}, or empty when there is none to give any more (it was set since). */
  Optional<String> issue(String subject);
}
