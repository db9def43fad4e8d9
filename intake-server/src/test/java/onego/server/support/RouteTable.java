package onego.server.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The routes of {@code ApiRoutes.java}, read from its source: every {@code t.get(...)}, {@code t.stream(...)},
 * {@code t.longPoll(...)} and {@code t.post(...)} line with its path and the roles its guard admits, so that tests that must
 * cover every endpoint cover a route the day it is added to the table.
 */
public final class RouteTable {
  private static final Path SOURCE = Path.of("intake-server/src/main/java/onego/server/ApiRoutes.java");
  private static final Pattern ROUTE = Pattern.compile("t\\.(get|stream|longPoll|post)\\(\"([^\"]+)\",\\s*(null|any|t\\.auth\\.allow\\(([^)]*)\\))");

  /**
   * One route: {@code GET}, {@code /api/v1/cases/:caseId}, the roles of its guard (empty when public;
   * {@code any} gives all), whether it answers HEAD too (every GET but a long poll, which leases items).
   */
  public record Route(String method, String path, List<String> roles, boolean answersHead) {
    public boolean isPublic() { return roles.isEmpty(); }
    public List<String> params() {
      return Arrays.stream(path.split("/")).filter(s -> s.startsWith(":")).map(s -> s.substring(1)).toList();
    }
    @Override public String toString() { return method + " " + path; }
  }

  private RouteTable() {}

  public static List<Route> routes() {
    String text;
    try {
      text = Files.readString(SOURCE);
    } catch (IOException e) {
      throw new IllegalStateException("tests run from the repository root; cannot read " + SOURCE, e);
    }
    List<Route> out = new ArrayList<>();
    Matcher m = ROUTE.matcher(text);
    while (m.find()) {
      List<String> roles = switch (m.group(3)) {
        case "null" -> List.of();
        case "any" -> List.of("CHANNEL", "APPLICANT", "DEPARTMENT", "HOTLINE", "ADMIN");
        default -> Arrays.stream(m.group(4).split(",")).map(String::trim).toList();
      };
      String method = m.group(1).equals("post") ? "POST" : "GET";
      out.add(new Route(method, "/api/v1" + m.group(2), roles, !m.group(1).equals("post") && !m.group(1).equals("longPoll")));
    }
    if (out.size() < 25) throw new IllegalStateException("read only " + out.size() + " routes from " + SOURCE + "; has its format changed?");
    long declared = Pattern.compile("\\bt\\.\\w+\\(\"/").matcher(text).results().count();
    if (declared != out.size()) {
      throw new IllegalStateException(SOURCE + " declares " + declared + " routes, " + out.size() + " read: a new kind of route line?");
    }
    return out;
  }
}
