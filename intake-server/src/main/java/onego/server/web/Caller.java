package onego.server.web;

/**
 * Who is calling. {@code id} scopes idempotency keys and rate limits; {@code channel},
 * {@code department} and {@code sub} are set according to the role; {@code region} is a channel's
 * own region (6-digit division code: the default {@code region} of the cases it files), or null.
 */
public record Caller(String id, Role role, String channel, String department, String sub, String region) {
  /** A caller without a region of its own. */
  public Caller(String id, Role role, String channel, String department, String sub) {
    this(id, role, channel, department, sub, null);
  }

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
