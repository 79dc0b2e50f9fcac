package org.coachgrant.trainingplan;

import java.time.LocalDate;
import java.util.Optional;
import org.coachgrant.programme.Programme;
import org.coachgrant.coaching.Sessions;
import org.coachgrant.programme.ProgrammeRepository;
import org.coachgrant.programme.Setting;
import org.coachgrant.forms.InvalidInputException;
import org.coachgrant.trainingplan.PlanDecisions.Decision;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Training plans and their versions: what the process's delegates and forms call. */
@Service
@Transactional
public class TrainingPlanService {

  public record PlanContext(TrainingPlan plan, Setting setting, Programme programme) {}

  private final TrainingPlanRepository plans;
  private final ProgrammeRepository programmes;
  private final PlanDecisions decisions;

  private final Sessions sessions;

  TrainingPlanService(TrainingPlanRepository plans, ProgrammeRepository programmes, PlanDecisions decisions, Sessions sessions) {
    this.sessions = sessions;
    this.plans = plans;
    this.programmes = programmes;
    this.decisions = decisions;
  }

  /** Opens the plan of an enrolled setting in a programme; a setting has one plan per programme. */
  public PlanContext open(String programmeCode, String settingUrn, String processInstanceId) {
    Programme programme = programmes.findProgrammeByCode(programmeCode).orElseThrow(() ->
        new InvalidInputException("programmeCode", "no programme has the code '" + programmeCode + "'"));
    Setting setting = programmes.findSettingByUrn(settingUrn).orElseThrow(() ->
        new InvalidInputException("settingUrn", "no setting has the URN '" + settingUrn + "'"));
    if (!programmes.isEnrolled(programme.id(), setting.id())) {
      throw new InvalidInputException("settingUrn", setting.name() + " is not enrolled in " + programme.name());
    }
    if (plans.find(programme.id(), setting.id()).isPresent()) {
      throw new InvalidInputException("settingUrn", setting.name() + " already has a training plan in " + programme.name());
    }
    // the attendance gate, as the coaching group process decides it: a request from Tasklist's "Start process"
    // (for a setting in no group, say) must not skip the coaching the grant is for
    java.util.List<Integer> missing = sessions.missing(programme.id(), setting.id(), programme.sessionCount());
    if (!missing.isEmpty()) {
      throw new InvalidInputException("settingUrn", setting.name() + " (" + setting.urn() + ") has neither attended nor had"
          + " waived session" + (missing.size() == 1 ? " " : "s ") + missing.stream().map(String::valueOf)
          .collect(java.util.stream.Collectors.joining(", ")) + " of " + programme.name()
          + ": a training plan is requested only once every session was attended or waived");
    }
    long planId = plans.create(programme.id(), setting.id(), programme.planDeadline(), processInstanceId);
    return context(planId);
  }

  public PlanContext context(long planId) {
    TrainingPlan plan = plans.find(planId).orElseThrow(() -> new IllegalStateException("No training plan " + planId));
    return new PlanContext(plan,
        programmes.findSetting(plan.settingId()).orElseThrow(),
        programmes.findProgramme(plan.programmeId()).orElseThrow());
  }

  public Optional<TrainingPlan> findPlan(long planId) {
    return plans.find(planId);
  }

  public Optional<TrainingPlan> find(long programmeId, long settingId) {
    return plans.find(programmeId, settingId);
  }

  public Optional<PlanVersion> currentVersion(long planId) {
    TrainingPlan plan = plans.find(planId).orElseThrow();
    return plans.findVersion(planId, plan.currentVersion());
  }

  /** Every version of the plan, the first first. */
  public java.util.List<PlanVersion> versions(long planId) {
    int current = plans.find(planId).orElseThrow().currentVersion();
    return java.util.stream.IntStream.rangeClosed(1, current).mapToObj(v -> plans.findVersion(planId, v))
        .flatMap(Optional::stream).toList();
  }

  /** Stores a new version of the plan; returns its number. */
  public int submit(long planId, PlanContent content, String submittedBy) {
    return plans.addVersion(planId, content, submittedBy);
  }

  public int previousGrants(TrainingPlan plan) {
    return plans.countFundedGrants(plan.settingId(), plan.id());
  }

  /** The setting's grants from its other plans, which {@link #previousGrants} counts, the oldest first. */
  public java.util.List<EarlierGrant> earlierGrants(TrainingPlan plan) {
    return plans.fundedGrants(plan.settingId(), plan.id());
  }

  public void decide(long planId, Decision decision, TrainingPlan.Status status, String by, String reason) {
    TrainingPlan plan = plans.find(planId).orElseThrow();
    decisions.record(planId, plan.currentVersion(), decision, by, reason);
    plans.setStatus(planId, status);
  }

  /** Records a decision on the plan or its grant that leaves the plan's status as it is. */
  public void record(long planId, Decision decision, String by, String reason) {
    decisions.record(planId, plans.find(planId).orElseThrow().currentVersion(), decision, by, reason);
  }

  public void extendDeadline(long planId, LocalDate deadline, String by, String reason) {
    plans.setDeadline(planId, deadline);
    decide(planId, Decision.DEADLINE_EXTENDED, plans.find(planId).orElseThrow().currentVersion() == 0
        ? TrainingPlan.Status.REQUESTED : TrainingPlan.Status.CHANGES_REQUESTED, by, reason);
  }

  public void withdraw(long planId, String by, String reason) {
    decide(planId, Decision.WITHDRAWN, TrainingPlan.Status.WITHDRAWN, by, reason);
    TrainingPlan plan = plans.find(planId).orElseThrow();
    programmes.withdraw(plan.programmeId(), plan.settingId());
  }

  public void setStatus(long planId, TrainingPlan.Status status) {
    plans.setStatus(planId, status);
  }
}
