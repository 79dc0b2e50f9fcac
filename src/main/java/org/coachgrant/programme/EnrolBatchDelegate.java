package org.coachgrant.programme;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.coachgrant.system.ModelBean;

/** {@code Task_EnrolBatch}: enrols the import's next batch of rows and says whether rows remain. */
@ModelBean("enrolBatch")
class EnrolBatchDelegate implements JavaDelegate {

  private final EnrolmentImports imports;

  EnrolBatchDelegate(EnrolmentImports imports) {
    this.imports = imports;
  }

  @Override
  public void execute(DelegateExecution execution) {
    boolean more = imports.enrolNextBatch(EnrolmentProcesses.IMPORT_ID.require(execution));
    EnrolmentProcesses.MORE_ROWS.set(execution, more);
  }
}
