package org.coachgrant.system;

import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.impl.bpmn.helper.BpmnProperties;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.HistoryLevel;
import org.camunda.bpm.engine.impl.history.event.HistoryEventType;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.springframework.stereotype.Component;

/**
 * The engine's history Coachgrant keeps: what Camunda's "audit" level keeps, less two things nobody reads.
 *
 * <ul>
 * <li><b>No variable history</b> ({@code ACT_HI_VARINST}). Who decided what, when and why is in Coachgrant's own
 * tables (plan versions and decisions, the ledger, attendance, the outbox); the engine's copy of each variable's
 * last value was the largest history table, and a second copy of every plan's text, names and addresses to
 * erase. Running instances still show their variables in Cockpit (those are runtime rows).
 * <li><b>No gateway passages</b> in {@code ACT_HI_ACTINST}: a gateway decides in passing, and the path taken is
 * the activities after it, which are kept. Tasks, events, subprocesses and their times are kept, as before.
 * </ul>
 *
 * <p>Its id is audit's (2), which is what the database records: a database made by an earlier release starts
 * unchanged, and a node of that release beside this one (a rolling upgrade) keeps writing audit history, which
 * is more, never less, of the same rows.
 */
@Component
public class EngineHistory extends AbstractProcessEnginePlugin {

  static final HistoryLevel LEVEL = new CoachgrantHistoryLevel();

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setCustomHistoryLevels(List.of(LEVEL));
    configuration.setHistoryLevel(LEVEL);
  }

  static final class CoachgrantHistoryLevel implements HistoryLevel {

    private static final Set<HistoryEventType> VARIABLES = Set.of(HistoryEventTypes.VARIABLE_INSTANCE_CREATE,
        HistoryEventTypes.VARIABLE_INSTANCE_UPDATE, HistoryEventTypes.VARIABLE_INSTANCE_UPDATE_DETAIL,
        HistoryEventTypes.VARIABLE_INSTANCE_MIGRATE, HistoryEventTypes.VARIABLE_INSTANCE_DELETE);
    private static final Set<HistoryEventType> ACTIVITIES = Set.of(HistoryEventTypes.ACTIVITY_INSTANCE_START,
        HistoryEventTypes.ACTIVITY_INSTANCE_UPDATE, HistoryEventTypes.ACTIVITY_INSTANCE_END,
        HistoryEventTypes.ACTIVITY_INSTANCE_MIGRATE);
    private static final Set<String> GATEWAYS = Set.of("exclusiveGateway", "parallelGateway", "inclusiveGateway",
        "eventBasedGateway", "complexGateway");

    @Override
    public int getId() {
      return HistoryLevel.HISTORY_LEVEL_AUDIT.getId();
    }

    @Override
    public String getName() {
      return "coachgrant";
    }

    @Override
    public boolean isHistoryEventProduced(HistoryEventType eventType, Object entity) {
      if (VARIABLES.contains(eventType)) {
        return false;
      }
      if (ACTIVITIES.contains(eventType) && entity instanceof ExecutionEntity execution && isGateway(execution.getActivity())) {
        return false;
      }
      return HistoryLevel.HISTORY_LEVEL_AUDIT.isHistoryEventProduced(eventType, entity);
    }

    private static boolean isGateway(ActivityImpl activity) {
      return activity != null && GATEWAYS.contains(activity.getProperties().get(BpmnProperties.TYPE));
    }
  }
}
