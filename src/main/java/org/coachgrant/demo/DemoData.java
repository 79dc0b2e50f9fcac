package org.coachgrant.demo;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.identity.User;
import org.coachgrant.programme.ProgrammeRepository;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.coachgrant.trainingplan.TrainingPlanService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The demo: one programme shaped like the reference case, three settings, a user for each role
 * (password {@code demo}), and a training plan requested for each setting.
 * Idempotent: a restart finds what it made before and adds nothing twice.
 */
@Component
@Profile("demo")
@Order(Ordered.LOWEST_PRECEDENCE)
class DemoData implements ApplicationRunner {

  static final String PROGRAMME = "IPS-2026";
  static final String PASSWORD = "demo";

  private static final Logger LOG = LoggerFactory.getLogger(DemoData.class);

  private record Person(String id, String first, String last, String group) {}

  private record DemoSetting(String urn, String name, String managerId) {}

  private static final List<Person> PEOPLE = List.of(
      new Person("mia", "Mia", "Manager", "managers"),
      new Person("noah", "Noah", "Manager", "managers"),
      new Person("priya", "Priya", "Manager", "managers"),
      new Person("carl", "Carl", "Coach", "coaches"),
      new Person("ruth", "Ruth", "Reviewer", "reviewers"),
      new Person("rob", "Rob", "Reviewer", "reviewers"),
      new Person("sam", "Sam", "Senior", "senior-reviewers"),
      new Person("cora", "Cora", "Coordinator", "coordinators"));

  private static final List<DemoSetting> SETTINGS = List.of(
      new DemoSetting("EY100001", "Sunflower Day Nursery", "mia"),
      new DemoSetting("EY100002", "Little Acorns Pre-School", "noah"),
      new DemoSetting("EY100003", "Riverside Childcare", "priya"));

  private final IdentityService identity;
  private final RuntimeService runtime;
  private final ProgrammeRepository programmes;
  private final TrainingPlanService plans;

  private final org.coachgrant.coaching.Sessions sessions;
  private final org.coachgrant.format.WebFormat fmt;

  DemoData(IdentityService identity, RuntimeService runtime, ProgrammeRepository programmes, TrainingPlanService plans,
      org.coachgrant.coaching.Sessions sessions, org.coachgrant.format.WebFormat fmt) {
    this.sessions = sessions;
    this.fmt = fmt;
    this.identity = identity;
    this.runtime = runtime;
    this.programmes = programmes;
    this.plans = plans;
  }

  @Override
  @Transactional
  public void run(ApplicationArguments args) {
    PEOPLE.forEach(this::person);
    long programmeId = programmes.findProgrammeByCode(PROGRAMME).map(p -> p.id()).orElseGet(() ->
        programmes.createProgramme(PROGRAMME, "Coaching and Mentoring in the Early Years",
            new BigDecimal("63000.00"), new BigDecimal("1500.00"), fmt.today().plusDays(45)));
    for (DemoSetting s : SETTINGS) {
      Person manager = PEOPLE.stream().filter(p -> p.id().equals(s.managerId())).findFirst().orElseThrow();
      long settingId = programmes.findSettingByUrn(s.urn()).map(x -> x.id()).orElseGet(() -> {
        long id = programmes.createSetting(s.urn(), s.name(), manager.id(), manager.first() + " " + manager.last(),
            manager.id() + "@example.org");
        programmes.enrol(programmeId, id);
        return id;
      });
      if (s.urn().equals("EY100001")) {
        // rob coached Sunflower's manager: he may not review its plan, so ruth does
        programmes.link(settingId, "rob", "COACH");
      }
      if (plans.find(programmeId, settingId).isEmpty()) {
        // the demo's settings are in no group: their coaching is waived, as a coordinator would, so the gate passes
        sessions.waiveMissing(programmeId, settingId, programmes.findProgramme(programmeId).orElseThrow().sessionCount(),
            "Demo: coaching attended before the demo", "cora");
        runtime.startProcessInstanceByKey(TrainingPlanProcess.KEY, Map.of(
            TrainingPlanProcess.PROGRAMME_CODE.name(), PROGRAMME, TrainingPlanProcess.SETTING_URN.name(), s.urn()));
        LOG.info("Demo: requested a training plan from {} ({})", s.name(), manager.id());
      }
    }
  }

  private void person(Person p) {
    if (identity.createUserQuery().userId(p.id()).count() == 0) {
      User user = identity.newUser(p.id());
      user.setFirstName(p.first());
      user.setLastName(p.last());
      user.setEmail(p.id() + "@example.org");
      user.setPassword(PASSWORD);
      identity.saveUser(user);
      identity.createMembership(p.id(), p.group());
    }
  }

}
