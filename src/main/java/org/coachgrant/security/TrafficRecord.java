package org.coachgrant.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import org.camunda.bpm.engine.ProcessEngines;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;

/** Temporary: records the API traffic of a test run, to write the allow-list from. */
final class TrafficRecord {
  static volatile String file;

  static synchronized void write(HttpServletRequest request, byte[] body) {
    if (file == null) return;
    try {
      List<String> groups = new ArrayList<>();
      String user = "-";
      HttpSession session = request.getSession(false);
      if (session != null && request.getRequestURI().startsWith("/camunda")) {
        for (var a : AuthenticationUtil.getAuthsFromSession(session).getAuthentications()) {
          user = a.getName();
          if (a.getGroupIds() != null) groups.addAll(a.getGroupIds());
        }
      } else {
        Authentication a = ProcessEngines.getDefaultProcessEngine().getIdentityService().getCurrentAuthentication();
        if (a != null) { user = a.getUserId(); if (a.getGroupIds() != null) groups.addAll(a.getGroupIds()); }
      }
      TreeSet<String> members = new TreeSet<>();
      if (body != null && body.length > 0) {
        try {
          JsonNode root = new ObjectMapper().readTree(body);
          if (root != null && root.isObject()) {
            for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
              String name = it.next();
              JsonNode v = root.get(name);
              if (v.isObject() && !name.equals("variables") && !name.equals("modifications")) {
                TreeSet<String> inner = new TreeSet<>();
                v.fieldNames().forEachRemaining(inner::add);
                members.add(name + inner);
              } else if (v.isArray() && v.size() > 0 && v.get(0).isObject()) {
                TreeSet<String> inner = new TreeSet<>();
                v.forEach(e -> e.fieldNames().forEachRemaining(inner::add));
                members.add(name + "[]" + inner);
              } else if (name.equals("variables") && v.isObject()) {
                TreeSet<String> types = new TreeSet<>();
                v.forEach(e -> { if (e.isObject()) { types.add(String.valueOf(e.path("type").asText("untyped")) + (e.has("valueInfo") ? "+valueInfo" + e.get("valueInfo") : "")); } });
                members.add(name + "{" + String.join(",", types) + "}");
              } else {
                members.add(name);
              }
            }
          } else if (root != null) {
            members.add("<" + root.getNodeType() + ">");
          }
        } catch (IOException e) {
          members.add("<unparsed>");
        }
      }
      TreeSet<String> params = new TreeSet<>();
      String q = request.getQueryString();
      if (q != null) for (String pair : q.split("&")) params.add(pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair);
      String line = String.join("\t", request.getMethod(), request.getRequestURI(), user, String.join(",", new TreeSet<>(groups)),
          String.valueOf(request.getContentType()), String.join(",", params), String.join(",", members)) + "\n";
      Files.writeString(Path.of(file), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (Exception e) {
      // a record only
    }
  }

  private TrafficRecord() {}
}
