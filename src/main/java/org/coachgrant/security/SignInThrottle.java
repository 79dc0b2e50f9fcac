package org.coachgrant.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.coachgrant.time.EngineTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Wrong passwords slow their source, never the account for everyone (NIST SP 800-63B, 5.2.2). A source is
 * the client's address together with the user name it tries: after each wrong password that source waits
 * before its next try (3 s, doubling, at most {@code coachgrant.sign-in.max-wait-seconds}), and a try
 * inside the wait is refused without looking at the password. A stranger's guesses from one address
 * therefore never delay the owner signing in from another. The right password ends its source's wait.
 *
 * <p>The one thing that holds an account for everyone is the engine's hard lock after
 * {@code login-max-attempts} (100) wrong passwords in a row from any source, with no right one between;
 * at one guess per wait it takes a single source a day to get there. An administrator lifts it (Admin,
 * Users, Unlock User, or {@code POST /engine-rest/user/{id}/unlock}), which also ends every source's wait
 * for that account. Each lock is written to {@code sign_in_lock}. Both doors go through here: the sign-in
 * page ({@link SignIn}) and HTTP Basic ({@link RestAuthentication}).
 *
 * <p>The waits are kept in memory, per node: behind two nodes a source gets at most twice the tries; the
 * hard lock is in the database and counts across nodes.
 */
@Component
public class SignInThrottle {

  private static final Logger LOG = LoggerFactory.getLogger(SignInThrottle.class);

  /** Beyond this many sources waiting at once, those whose wait is over are forgotten. */
  private static final int MAX_SOURCES = 50_000;

  /** What came of a try. {@code waitSeconds} is how long the source must wait before its next try. */
  public record Outcome(Kind kind, long waitSeconds) {

    public enum Kind { SIGNED_IN, WRONG, WAIT, LOCKED }

    public boolean signedIn() {
      return kind == Kind.SIGNED_IN;
    }
  }

  private record Source(String address, String account) {}

  private record Failures(int count, long waitUntil) {}

  private final Map<Source, Failures> sources = new ConcurrentHashMap<>();
  private final JdbcClient jdbc;
  private final long firstWaitMillis;
  private final long maxWaitMillis;
  private final int maxAttempts;
  /** Tries refused, by why (never by user name: personal data, and no end to the names a guesser sends). */
  private final Map<Outcome.Kind, Counter> refused = new java.util.EnumMap<>(Outcome.Kind.class);

  SignInThrottle(JdbcClient jdbc,
      @Value("${coachgrant.sign-in.first-wait-seconds:3}") long firstWaitSeconds,
      @Value("${coachgrant.sign-in.max-wait-seconds:900}") long maxWaitSeconds,
      @Value("${camunda.bpm.generic-properties.properties.login-max-attempts:100}") int maxAttempts, MeterRegistry meters) {
    this.jdbc = jdbc;
    this.firstWaitMillis = firstWaitSeconds * 1000;
    this.maxWaitMillis = maxWaitSeconds * 1000;
    this.maxAttempts = maxAttempts;
    for (var kind : Map.of(Outcome.Kind.WRONG, "wrong-password", Outcome.Kind.WAIT, "throttled", Outcome.Kind.LOCKED,
        "locked").entrySet()) {
      refused.put(kind.getKey(), Counter.builder("coachgrant.sign.in.refused").tag("reason", kind.getValue())
          .description("Sign-ins refused (page and HTTP Basic): a wrong password, a source made to wait, a locked account")
          .register(meters));
    }
  }

  /**
   * One try of {@code account} from {@code address}: refused at once while that source waits or the
   * account is locked, otherwise {@code passwordIsRight} decides.
   */
  public Outcome attempt(String address, String account, BooleanSupplier passwordIsRight) {
    Outcome outcome = decide(address, account, passwordIsRight);
    if (!outcome.signedIn()) {
      refused.get(outcome.kind()).increment();
    }
    return outcome;
  }

  private Outcome decide(String address, String account, BooleanSupplier passwordIsRight) {
    Source source = new Source(source(address), key(account));
    long now = ClockUtil.getCurrentTime().getTime();
    Failures failures = sources.get(source);
    if (failures != null && now < failures.waitUntil()) {
      return new Outcome(Outcome.Kind.WAIT, seconds(failures.waitUntil() - now));
    }
    if (attempts(account) >= maxAttempts) {
      return new Outcome(Outcome.Kind.LOCKED, 0);
    }
    if (passwordIsRight.getAsBoolean()) {
      sources.remove(source);
      return new Outcome(Outcome.Kind.SIGNED_IN, 0);
    }
    Failures next = sources.compute(source, (s, before) -> {
      int count = before == null ? 1 : before.count() + 1;
      long wait = count > 20 ? maxWaitMillis : Math.min(maxWaitMillis, firstWaitMillis << (count - 1));
      return new Failures(count, now + wait);
    });
    if (sources.size() > MAX_SOURCES) {
      sources.values().removeIf(f -> f.waitUntil() <= now);
    }
    int inARow = attempts(account);
    if (inARow >= maxAttempts) {
      LOG.warn("Locked the account {} after {} wrong passwords in a row, the last from {}", account, inARow, source.address());
      jdbc.sql("insert into sign_in_lock (account, source, failures, locked_at) values (?, ?, ?, ?)")
          .params(account, source.address(), inARow, EngineTime.now()).update();
      return new Outcome(Outcome.Kind.LOCKED, 0);
    }
    return new Outcome(Outcome.Kind.WRONG, seconds(next.waitUntil() - now));
  }

  /** An administrator unlocked the account: every source may try it again at once. */
  void forget(String account) {
    String key = key(account);
    sources.keySet().removeIf(s -> s.account().equals(key));
  }

  /** The user name as a source's part: no user id is longer than 64 characters, and a longer name costs no memory. */
  private static String key(String account) {
    String key = account.toLowerCase(Locale.ROOT);
    return key.length() > 64 ? key.substring(0, 64) : key;
  }

  /** The engine's count of wrong passwords in a row for the account (0 for none, or no such account). */
  private int attempts(String account) {
    return jdbc.sql("select attempts_ from act_id_user where id_ = ?").param(account).query(Integer.class)
        .optional().map(n -> n == null ? 0 : n).orElse(0);
  }

  /**
   * The address as a source: an IPv6 client holds a whole /64 (a home or office network), so its first
   * 64 bits are the source, or a guesser would get a fresh source for each of its addresses.
   */
  static String source(String address) {
    if (address == null || !address.contains(":")) {
      return String.valueOf(address);
    }
    try {
      byte[] bytes = InetAddress.getByName(address).getAddress();
      if (bytes.length == 16) {
        for (int i = 8; i < 16; i++) {
          bytes[i] = 0;
        }
        return InetAddress.getByAddress(bytes).getHostAddress() + "/64";
      }
    } catch (UnknownHostException e) {
      // not an address literal after all: the text itself is the source
    }
    return address;
  }

  private static long seconds(long millis) {
    return Math.max(1, (millis + 999) / 1000);
  }
}
