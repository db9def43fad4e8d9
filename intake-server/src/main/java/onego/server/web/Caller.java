package onego.server.web;

/**
 * Who is calling. {@code id} scopes idempotency keys and rate limits; {@code channel},
 * {@code department} and {@code sub} are set according to the role.
 */
public record Caller(String id, Role role, String channel, String department, String sub) {
  public enum Role {
    CHANNEL, APPLICANT, DEPARTMENT, HOTLINE, ADMIN;

    public String code() { return name().toLowerCase(); }

    public static Role parse(String s) {
      for (Role r : values()) if (r.code().equals(s)) return r;
      return null;
    }
  }

  public boolean is(Role r) { return role == r; }
}
