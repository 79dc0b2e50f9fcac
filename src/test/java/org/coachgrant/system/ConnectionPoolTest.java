package org.coachgrant.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;

/**
 * Many more callers than connections (the pool has 10): 20 plan requests and 20 approvals over REST and an
 * enrolment import of 100 rows, while 8 threads run the jobs they make, as the job executor does. No path holds a connection while it waits
 * for another, so everyone is served in turn: no job fails for want of a connection, no client gets a 5xx.
 */
class ConnectionPoolTest extends CoachgrantTest {

  private static final int PLANS = 20;
  private static final int IMPORTED = 100;

  @Autowired TestRestTemplate http;

  @Test
  void twentyPlanRequestsAndTwentyApprovalsAtOnceShareTheConnections() throws Exception {
    Fixture first = fixture("100000", "1500");
    List<Fixture> toRequest = new ArrayList<>();
    List<ProcessInstance> toApprove = new ArrayList<>();
    for (int i = 0; i < PLANS; i++) {
      toRequest.add(enrol(first.programmeCode(), first.programmeId()));
      Fixture f = enrol(first.programmeCode(), first.programmeId());
      ProcessInstance instance = requestPlan(f);
      submitPlan(instance, f.manager(), plan(2, "300"));
      toApprove.add(instance);
    }

    ExecutorService clients = Executors.newFixedThreadPool(2 * PLANS);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<ResponseEntity<Map>>> answers = new ArrayList<>();
    toRequest.forEach(this::attendanceWaived);
    for (Fixture f : toRequest) {
      answers.add(clients.submit(() -> {
        start.await();
        return http.withBasicAuth("cora", PASSWORD).postForEntity(
            "/engine-rest/process-definition/key/trainingPlan/submit-form", Map.of("variables", Map.of(
                "programmeCode", Map.of("value", f.programmeCode()), "settingUrn", Map.of("value", f.settingUrn()))),
            Map.class);
      }));
    }
    for (ProcessInstance instance : toApprove) {
      String review = task(instance, TrainingPlanProcess.TASK_REVIEW).getId();
      answers.add(clients.submit(() -> {
        start.await();
        return http.withBasicAuth("ruth", PASSWORD).postForEntity("/engine-rest/task/{id}/submit-form",
            Map.of("variables", Map.of("reviewDecision", Map.of("value", "approve"))), Map.class, review);
      }));
    }
    // and beside them a coordinator's enrolment import, whose batches are jobs too
    Fixture imported = fixture("10000", "1500");
    StringBuilder csv = new StringBuilder("setting name,URN,manager name,email\n");
    for (int i = 0; i < IMPORTED; i++) {
      csv.append("Pool Nursery ").append(i).append(",P").append(imported.programmeId()).append("x").append(i)
          .append(",Pool Manager ").append(i).append(",pool").append(imported.programmeId()).append("x").append(i)
          .append("@example.org\n");
    }
    org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
    headers.setContentType(org.springframework.http.MediaType.valueOf("text/csv"));
    answers.add(clients.submit(() -> {
      start.await();
      return http.withBasicAuth("cora", PASSWORD).postForEntity("/api/programmes/{code}/enrolments",
          new org.springframework.http.HttpEntity<>(csv.toString(), headers), Map.class, imported.programmeCode());
    }));
    List<Throwable> jobFailures = Collections.synchronizedList(new ArrayList<>());
    ExecutorService jobExecutor = Executors.newFixedThreadPool(8);
    Set<String> taken = ConcurrentHashMap.newKeySet();
    Set<String> running = ConcurrentHashMap.newKeySet();
    List<Future<?>> runners = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      runners.add(jobExecutor.submit((Callable<Void>) () -> {
        start.await();
        long idleSince = System.nanoTime();
        while (System.nanoTime() - idleSince < TimeUnit.SECONDS.toNanos(3)) {
          for (Job job : ownJobs(management.createJobQuery().executable().list())) {
            // exclusive jobs, as the job executor runs them: one at a time per process instance (the grant
            // letter and the impact-report email are sibling jobs of one instance)
            if (!running.add(job.getProcessInstanceId())) {
              continue;
            }
            try {
              if (taken.add(job.getId())) {
                idleSince = System.nanoTime();
                try {
                  management.executeJob(job.getId());
                } catch (RuntimeException e) {
                  jobFailures.add(e);
                }
              }
            } finally {
              running.remove(job.getProcessInstanceId());
            }
          }
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<ResponseEntity<Map>> answer : answers) {
      assertThat(answer.get(2, TimeUnit.MINUTES).getStatusCode().is2xxSuccessful()).isTrue();
    }
    for (Future<?> runner : runners) {
      runner.get(2, TimeUnit.MINUTES);
    }
    clients.shutdown();
    jobExecutor.shutdown();

    assertThat(jobFailures).extracting(Throwable::toString)
        .noneMatch(failure -> failure.contains("onnection") || failure.contains("CannotCreateTransaction"));
    executeJobs();
    assertThat(ownJobs(management.createJobQuery().withException().list())).isEmpty();
    assertThat(toApprove).as("every grant released, its impact report asked for").allSatisfy(instance ->
        assertThat(task(instance, TrainingPlanProcess.TASK_REPORT_IMPACT)).isNotNull());
    assertThat(jdbc.sql("select count(*) from training_plan where programme_id = ?").param(first.programmeId())
        .query(Integer.class).single()).isEqualTo(2 * PLANS);
    assertThat(jdbc.sql("select count(*) from enrolment where programme_id = ?").param(imported.programmeId())
        .query(Integer.class).single()).as("the import finished beside them").isEqualTo(IMPORTED + 1);
  }
}
