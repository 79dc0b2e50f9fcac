package org.coachgrant.grant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Approvals racing for the last of the budget: the budget is never over-committed. Every commitment waits
 * at a latch inside its transaction until all are there, so the transactions are known to overlap.
 */
public class BudgetRaceTest extends CoachgrantTest {

  @Autowired BudgetCommitLatch latch;

  @AfterEach
  void disarm() {
    latch.disarm();
  }

  @Test
  void twoApprovalsRacingForTheLastOfTheBudgetCommitOnlyOne() throws Exception {
    race(2);
  }

  @Test
  void manyApprovalsRacingCommitOnlyWhatTheBudgetCovers() throws Exception {
    race(8);
  }

  private void race(int plans) throws Exception {
    Fixture first = fixture("1000", "1500");
    List<ProcessInstance> instances = new ArrayList<>();
    for (int i = 0; i < plans; i++) {
      Fixture f = i == 0 ? first : enrol(first.programmeCode(), first.programmeId());
      ProcessInstance instance = requestPlan(f);
      submitPlan(instance, f.manager(), plan(2, "300"));
      instances.add(instance);
    }
    actAs("ruth");
    for (ProcessInstance instance : instances) {
      tasks.complete(task(instance, TrainingPlanProcess.TASK_REVIEW).getId(), Map.of("reviewDecision", "approve"));
    }
    identity.clearAuthentication();
    List<Job> commits = management.createJobQuery().activityId(TrainingPlanProcess.TASK_COMMIT_GRANT).list().stream()
        .filter(j -> instances.stream().anyMatch(p -> p.getId().equals(j.getProcessInstanceId()))).toList();
    assertThat(commits).hasSize(plans);

    latch.arm(plans);
    CyclicBarrier start = new CyclicBarrier(plans);
    ExecutorService threads = Executors.newFixedThreadPool(plans);
    List<Future<?>> results = new ArrayList<>();
    for (Job job : commits) {
      results.add(threads.submit(() -> {
        start.await();
        try {
          management.executeJob(job.getId());
        } catch (RuntimeException lockedOut) {
          // a job that lost a lock fails and is retried, as the job executor would
        }
        return null;
      }));
    }
    for (Future<?> result : results) {
      result.get();
    }
    threads.shutdown();
    assertThat(latch.metInTransaction()).as("every commitment was inside its transaction at once").isEqualTo(plans);
    latch.disarm();
    executeJobs();

    long funded = instances.stream().filter(p -> task(p, TrainingPlanProcess.TASK_REPORT_IMPACT) != null).count();
    long shortOfBudget = instances.stream().filter(p -> task(p, TrainingPlanProcess.TASK_RESOLVE_BUDGET) != null).count();
    assertThat(funded).isEqualTo(1);
    assertThat(shortOfBudget).isEqualTo(plans - 1);
    assertThat(programmes.findProgramme(first.programmeId()).orElseThrow().committed()).isEqualByComparingTo("600");
    assertThat(jdbc.sql("select count(*) from budget_ledger where programme_id = ? and entry_type = 'COMMITMENT'")
        .param(first.programmeId()).query(Integer.class).single()).isEqualTo(1);
  }
}
