package org.coachgrant;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.springframework.test.context.TestPropertySource;

/**
 * Runs a test class against PostgreSQL, the production database: {@code ./mvnw verify -Ppostgres}
 * (PostgreSQL on 127.0.0.1:5432; COACHGRANT_TEST_DB_* override), in a database {@link PostgresTestDatabase}
 * creates for the run and drops at its end.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("postgres")
@TestPropertySource(properties = {
    "spring.datasource.url=${coachgrant.test.db.url}",
    "spring.datasource.username=${COACHGRANT_TEST_DB_USER:postgres}",
    "spring.datasource.password=${COACHGRANT_TEST_DB_PASSWORD:}"})
public @interface OnPostgres {}
