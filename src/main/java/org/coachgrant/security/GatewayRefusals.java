package org.coachgrant.security;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The calls the gateway refused as off the allow-list (who, method, path), oldest first: what the browser
 * tests read to fail when a screen calls something the list does not name. Also in the log, as warnings.
 */
public final class GatewayRefusals {

  private static final List<String> REFUSED = new CopyOnWriteArrayList<>();

  private GatewayRefusals() {}

  static void add(String refusal) {
    REFUSED.add(refusal);
  }

  /** How many calls have been refused so far: a mark to read {@link #since} from. */
  public static int count() {
    return REFUSED.size();
  }

  public static List<String> since(int mark) {
    return List.copyOf(REFUSED.subList(Math.min(mark, REFUSED.size()), REFUSED.size()));
  }
}
