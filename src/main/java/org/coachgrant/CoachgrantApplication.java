package org.coachgrant;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class CoachgrantApplication {

  public static void main(String[] args) {
    SpringApplication.run(CoachgrantApplication.class, args);
  }
}
