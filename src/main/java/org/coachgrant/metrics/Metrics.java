package org.coachgrant.metrics;

import org.coachgrant.time.EngineTime;
import org.coachgrant.system.Rows;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.util.function.ToDoubleFunction;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The gauges an operator alerts on that only the database knows (docs/operations.md, "Metrics and alerts"): the
 * job executor's backlog, open incidents, the outbox's waiting and failed emails and its oldest waiting one, and the
 * rows enrolment imports still have to enrol. A scrape reads them from one snapshot, taken again at most every
 * {@link #FRESH_FOR_NANOS} however often it is scraped (two Prometheus servers, a dashboard refreshing): each count
 * reads an index (the jobs due now through {@code DUEDATE_}, {@code system/EngineIndexes}; the outbox through its status),
 * never a whole table of a national programme's hundreds of thousands of jobs.
 */
@Component
class Metrics {

  static final long FRESH_FOR_NANOS = 15_000_000_000L;

  /** What the gauges show, as of one moment. */
  record Snapshot(long jobsDue, long incidents, long emailsWaiting, long emailsFailed, double oldestWaitingSeconds,
      long enrolmentRowsWaiting) {}

  private final JdbcClient jdbc;
  private Snapshot snapshot;
  private long takenAt;

  Metrics(JdbcClient jdbc, MeterRegistry registry) {
    this.jdbc = jdbc;
    gauge(registry, "coachgrant.jobs.due", null, "Jobs due now that no job executor has taken yet: the backlog",
        Snapshot::jobsDue);
    gauge(registry, "coachgrant.incidents.open", null, "Open incidents (Cockpit): jobs out of retries", Snapshot::incidents);
    gauge(registry, "coachgrant.outbox.waiting", null, "Emails in the outbox not sent yet", Snapshot::emailsWaiting);
    gauge(registry, "coachgrant.outbox.failed", null, "Emails failed after every attempt, for their coordinators",
        Snapshot::emailsFailed);
    gauge(registry, "coachgrant.outbox.oldest.waiting", "seconds", "How long the oldest email not sent yet has waited",
        Snapshot::oldestWaitingSeconds);
    gauge(registry, "coachgrant.enrolment.rows.waiting", null, "Rows of running enrolment imports not enrolled yet",
        Snapshot::enrolmentRowsWaiting);
  }

  private void gauge(MeterRegistry registry, String name, String unit, String description, ToDoubleFunction<Snapshot> value) {
    Gauge.builder(name, this, m -> value.applyAsDouble(m.snapshot())).baseUnit(unit).description(description)
        .strongReference(true).register(registry);
  }

  synchronized Snapshot snapshot() {
    long now = System.nanoTime();
    if (snapshot == null || now - takenAt > FRESH_FOR_NANOS) {
      snapshot = take();
      takenAt = now;
    }
    return snapshot;
  }

  Snapshot take() {
    Timestamp now = EngineTime.now();
    long jobsDue = count("select count(*) from ACT_RU_JOB where DUEDATE_ <= ? and RETRIES_ > 0 and SUSPENSION_STATE_ = 1"
        + " and (LOCK_EXP_TIME_ is null or LOCK_EXP_TIME_ < ?)", now, now);
    long incidents = count("select count(*) from ACT_RU_INCIDENT");
    long waiting = count("select count(*) from email_outbox where status = 'PENDING'");
    long failed = count("select count(*) from email_outbox where status = 'FAILED'");
    Timestamp oldest = jdbc.sql("select min(created_at) from email_outbox where status = 'PENDING'")
        .query(Timestamp.class).optional().orElse(null);
    double oldestSeconds = oldest == null ? 0 : Math.max(0, (now.getTime() - oldest.getTime()) / 1000.0);
    long rows = count("select count(*) from enrolment_import_row r join enrolment_import i on i.id = r.import_id"
        + " where i.finished_at is null and r.outcome = 'PENDING'");
    return new Snapshot(jobsDue, incidents, waiting, failed, oldestSeconds, rows);
  }

  private long count(String sql, Object... params) {
    return jdbc.sql(sql).params(params).query(Long.class).single();
  }
}
