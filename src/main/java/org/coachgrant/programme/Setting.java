package org.coachgrant.programme;

public record Setting(long id, String urn, String name, String managerUserId, String managerName, String managerEmail) {}
