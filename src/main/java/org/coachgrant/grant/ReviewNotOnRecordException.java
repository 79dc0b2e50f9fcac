package org.coachgrant.grant;

/**
 * The ledger refused to move money: the review it depends on is not on record. Thrown inside the job that tried,
 * so the job fails into an incident whose message is this one's, in plain words.
 */
public class ReviewNotOnRecordException extends IllegalStateException {

  ReviewNotOnRecordException(String message) {
    super(message);
  }
}
