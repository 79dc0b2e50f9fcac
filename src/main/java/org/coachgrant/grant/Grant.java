package org.coachgrant.grant;

import java.math.BigDecimal;

public record Grant(long id, long planId, long programmeId, String reference, BigDecimal amount, String status) {}
