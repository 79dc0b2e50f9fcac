package org.coachgrant.security;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The latest calls the gateway refused as off the allow-list (who, method, path): what the browser tests
 * read to fail when a screen calls something the list does not name. Every refusal is also logged as a
 * warning; only the last {@value #KEPT} are kept here, so a flood of refused calls costs no memory.
 */
public final class GatewayRefusals {

  private static final int KEPT = 1000;
  private static final Deque<String> LATEST = new ArrayDeque<>();
  private static long count;

  private GatewayRefusals() {}

  static synchronized void add(String refusal) {
    if (LATEST.size() == KEPT) {
      LATEST.removeFirst();
    }
    LATEST.addLast(refusal);
    count++;
  }

  /** How many calls have been refused since the start: a mark to read {@link #since} from. */
  public static synchronized long count() {
    return count;
  }

  /** The refusals after {@code mark} (as many of them as are kept), oldest first. */
  public static synchronized List<String> since(long mark) {
    List<String> kept = List.copyOf(LATEST);
    long newer = Math.min(count - mark, kept.size());
    return newer <= 0 ? List.of() : kept.subList((int) (kept.size() - newer), kept.size());
  }
}
