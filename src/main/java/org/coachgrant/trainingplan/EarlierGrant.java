package org.coachgrant.trainingplan;

import java.math.BigDecimal;

/** A grant a setting had from another of its plans, as a reviewer is shown it. */
public record EarlierGrant(String reference, String programmeName, BigDecimal amount, String status) {}
