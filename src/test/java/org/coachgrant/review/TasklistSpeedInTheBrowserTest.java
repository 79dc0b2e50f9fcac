package org.coachgrant.review;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.coachgrant.system.InTheBrowser;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long Tasklist makes a reviewer wait (issue 19), in Debian's headless Chromium on this machine: ruth opens
 * Tasklist until her list shows (its first load), then a plan to review until its form shows (a task open), with an
 * empty cache and then with what the first visit left in it, several runs, on this machine and behind emulated
 * broadband. The figures and the bytes each step moved are logged, never asserted (docs/benchmarks.md, "Tasklist and
 * the managers' task page"); the first cold run also logs every request it made. {@code -Dcoachgrant.tasklist.runs=N}
 * measures N runs (5 unless told).
 */
class TasklistSpeedInTheBrowserTest extends InTheBrowser {

  private static final Logger LOG = LoggerFactory.getLogger(TasklistSpeedInTheBrowserTest.class);
  private static final int RUNS = Integer.getInteger("coachgrant.tasklist.runs", 5);
  private static final String TASKLIST = "/camunda/app/tasklist/default/";
  /** The list shows its first task; the review form shows its decision. */
  private static final By LIST = By.cssSelector(".tasks-list .task");
  private static final By FORM = By.xpath("//label[normalize-space()='Approve the plan']");

  /** One step's time and the network it took: requests made, of which over the network, bytes transferred. */
  private record Step(long millis, int requests, int overTheNetwork, long bytes) {}

  @Test
  void ruthOpensTasklistAndAPlanToReviewWithAColdCacheThenAWarmOne() {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(2, "300"));
    Task review = task(instance, TrainingPlanProcess.TASK_REVIEW);
    // hers already: the form shows when she opens it, with no Claim between
    tasks.claim(review.getId(), "ruth");
    chromium.signIn("ruth", PASSWORD);
    chromium.waitFor("ruth is signed in", Duration.ofSeconds(30), d -> !d.getCurrentUrl().contains("/login"));

    for (Network network : Network.values()) {
      ((ChromeDriver) browser).executeCdpCommand("Network.enable", Map.of());
      ((ChromeDriver) browser).executeCdpCommand("Network.emulateNetworkConditions", network.conditions());
      measureRuns(network, review.getId());
    }
  }

  /**
   * Where ruth's browser is: on this machine (what the server and Chromium's own work cost), and behind a small
   * office's broadband as Chromium emulates it (what the bytes cost).
   */
  private enum Network {
    THIS_MACHINE("this machine (loopback)", 0, -1),
    BROADBAND("10 Mbit/s broadband, 40 ms round trip", 40, 10_000_000 / 8);

    private final String description;
    private final int latencyMillis;
    private final long bytesPerSecond;

    Network(String description, int latencyMillis, long bytesPerSecond) {
      this.description = description;
      this.latencyMillis = latencyMillis;
      this.bytesPerSecond = bytesPerSecond;
    }

    Map<String, Object> conditions() {
      return Map.of("offline", false, "latency", latencyMillis, "downloadThroughput", bytesPerSecond,
          "uploadThroughput", bytesPerSecond);
    }
  }

  private void measureRuns(Network network, String taskId) {
    Map<String, List<Step>> steps = Map.of("first load, cold", new ArrayList<>(), "task open, cold", new ArrayList<>(),
        "first load, warm", new ArrayList<>(), "task open, warm", new ArrayList<>());
    // the first run on this machine warms the server (its JIT, the engine's caches), as a server that has been up a while is
    int first = network == Network.THIS_MACHINE ? 0 : 1;
    for (int run = first; run <= RUNS; run++) {
      for (String cache : List.of("cold", "warm")) {
        if (cache.equals("cold")) {
          ((ChromeDriver) browser).executeCdpCommand("Network.clearBrowserCache", Map.of());
        }
        browser.get("about:blank");
        Step load = measure(() -> chromium.open(TASKLIST), LIST, run == 1 && cache.equals("cold") && first == 0);
        Step open = measure(() -> chromium.js().executeScript(
            "location.hash = location.hash + (location.hash.includes('?') ? '&' : '?') + 'task=' + arguments[0]",
            taskId), FORM, false);
        if (run > 0) {
          steps.get("first load, " + cache).add(load);
          steps.get("task open, " + cache).add(open);
        }
      }
    }
    StringBuilder figures = new StringBuilder(String.format("Tasklist for a reviewer, %s, %d runs, load average %.1f"
        + " (p50 / p95 / max):", network.description, RUNS, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
    for (String name : List.of("first load, cold", "task open, cold", "first load, warm", "task open, warm")) {
      List<Step> measured = steps.get(name);
      Step last = measured.get(measured.size() - 1);
      figures.append(String.format("%n  %-17s %6d / %6d / %6d ms; %3d requests, %3d over the network, %,10d bytes transferred",
          name, percentile(measured, 50), percentile(measured, 95), percentile(measured, 100), last.requests(),
          last.overTheNetwork(), last.bytes()));
    }
    LOG.info("{}", figures);
  }

  /**
   * Runs {@code action} and waits, looking every 20 ms, until {@code shown} is displayed: the time a person waits.
   * The network it took is read from the page's resource timing (and its navigation's, for a page load).
   */
  private Step measure(Runnable action, By shown, boolean logRequests) {
    chromium.js().executeScript("performance.clearResourceTimings(); performance.setResourceTimingBufferSize(1000);"
        + " window.coachgrantMeasureFrom = performance.now()");
    long start = System.nanoTime();
    action.run();
    until(shown.toString(), d -> d.findElements(shown).stream().anyMatch(WebElement::isDisplayed));
    long millis = (System.nanoTime() - start) / 1_000_000;
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> entries = (List<Map<String, Object>>) chromium.js().executeScript(
        "const from = window.coachgrantMeasureFrom || 0;"
            + " return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
            + ".filter(e => e.startTime >= from)"
            + ".map(e => ({name: e.name.replace(location.origin, ''), type: e.initiatorType, status: e.responseStatus || 0,"
            + " transfer: e.transferSize, encoded: e.encodedBodySize, decoded: e.decodedBodySize}))");
    int overTheNetwork = 0;
    long bytes = 0;
    StringBuilder requests = new StringBuilder();
    for (Map<String, Object> entry : entries) {
      long transfer = ((Number) entry.get("transfer")).longValue();
      bytes += transfer;
      overTheNetwork += transfer > 0 ? 1 : 0;
      requests.append(String.format("%n  %3s %-10s %,9d transferred %,9d encoded %,9d decoded  %s", entry.get("status"),
          entry.get("type"), transfer, ((Number) entry.get("encoded")).longValue(),
          ((Number) entry.get("decoded")).longValue(), entry.get("name")));
    }
    if (logRequests) {
      LOG.info("Tasklist's first load with an empty cache, {} requests:{}", entries.size(), requests);
    }
    return new Step(millis, entries.size(), overTheNetwork, bytes);
  }

  private void until(String what, Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofMillis(20)).withMessage(what)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition);
  }

  /** The nearest-rank percentile of the steps' times. */
  private static long percentile(List<Step> steps, int p) {
    List<Long> sorted = steps.stream().map(Step::millis).sorted().toList();
    return sorted.get(Math.max(0, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }
}
