package org.coachgrant.benchmark;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The CPU time of this JVM, taken apart by who spent it: the work a production node does for its people (their task
 * actions, the job executor, the outbox's senders), and what only the benchmark has in its JVM (the test's mail
 * server, the clients' looking for tasks) or what the JVM spends on itself (compiling, collecting garbage). Process CPU
 * alone counts all of it, so a phase that runs first, on code not yet compiled, beside a mail server receiving its
 * emails, looks dearer than it is.
 */
final class ThreadCpu {

  /** Where a phase's CPU went, by kind of thread. */
  enum Kind {
    PEOPLE("people's task actions (in the node, on the clients' threads)", true),
    JOBS("the job executor", true),
    OUTBOX("the outbox: sending emails", true),
    NODE("the node's other threads (web server, schedulers, connection pool)", true),
    MAIL_SERVER("the test's mail server (GreenMail; another machine in production)", false),
    BENCHMARK("the benchmark itself: looking for tasks, waiting for the backlog", false),
    JVM("the JVM itself: compiling code, collecting garbage (and threads that ended)", false);

    final String what;
    /** Whether a production node spends this for its people: the work the target is about. */
    final boolean nodesWork;

    Kind(String what, boolean nodesWork) {
      this.what = what;
      this.nodesWork = nodesWork;
    }
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  static {
    if (THREADS.isThreadCpuTimeSupported() && !THREADS.isThreadCpuTimeEnabled()) {
      THREADS.setThreadCpuTimeEnabled(true);
    }
  }

  private final long process;
  private final Map<Long, Long> byThread = new HashMap<>();
  private final Map<Long, String> names = new HashMap<>();

  private ThreadCpu() {
    process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    long[] ids = THREADS.getAllThreadIds();
    ThreadInfo[] infos = THREADS.getThreadInfo(ids);
    for (int i = 0; i < ids.length; i++) {
      long cpu = THREADS.getThreadCpuTime(ids[i]);
      if (infos[i] != null && cpu >= 0) {
        byThread.put(ids[i], cpu);
        names.put(ids[i], infos[i].getThreadName());
      }
    }
  }

  static ThreadCpu now() {
    return new ThreadCpu();
  }

  /** CPU spent since {@code before}, in nanoseconds, by kind; what no living thread accounts for is the JVM's own. */
  Map<Kind, Long> since(ThreadCpu before) {
    Map<Kind, Long> spent = new LinkedHashMap<>();
    for (Kind kind : Kind.values()) {
      spent.put(kind, 0L);
    }
    long threads = 0;
    for (Map.Entry<Long, Long> thread : byThread.entrySet()) {
      long delta = thread.getValue() - before.byThread.getOrDefault(thread.getKey(), 0L);
      threads += delta;
      spent.merge(kind(names.get(thread.getKey())), delta, Long::sum);
    }
    spent.merge(Kind.JVM, Math.max(0, process - before.process - threads), Long::sum);
    return spent;
  }

  /** The same, by thread name with its numbers taken out: what the kinds are made of. */
  String namesSince(ThreadCpu before, int journeys) {
    Map<String, Long> spent = new TreeMap<>();
    for (Map.Entry<Long, Long> thread : byThread.entrySet()) {
      long delta = thread.getValue() - before.byThread.getOrDefault(thread.getKey(), 0L);
      spent.merge(names.get(thread.getKey()).replaceAll("\\d+", "N"), delta, Long::sum);
    }
    return spent.entrySet().stream().filter(e -> e.getValue() >= journeys * 100_000L)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .map(e -> "%s %.1f".formatted(e.getKey(), e.getValue() / 1e6 / journeys)).collect(Collectors.joining("; "));
  }

  static long nodesWork(Map<Kind, Long> spent) {
    return spent.entrySet().stream().filter(e -> e.getKey().nodesWork).mapToLong(Map.Entry::getValue).sum();
  }

  static long total(Map<Kind, Long> spent) {
    return spent.values().stream().mapToLong(Long::longValue).sum();
  }

  static Kind kind(String name) {
    if (name.startsWith(NationalProgrammeBenchmark.CLIENT_THREAD)) {
      return Kind.PEOPLE;
    }
    if (name.startsWith("outbox-sender")) {
      return Kind.OUTBOX;
    }
    if (name.contains("JobExecutor") || name.startsWith("camundaTaskExecutor")) {
      return Kind.JOBS;
    }
    if (name.contains("smtp") || name.contains("greenmail") || name.contains("<-")) {
      return Kind.MAIL_SERVER;
    }
    if (name.equals("main") || name.startsWith(NationalProgrammeBenchmark.BENCHMARK_THREAD)) {
      return Kind.BENCHMARK;
    }
    return Kind.NODE;
  }
}
