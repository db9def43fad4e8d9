package onego.domain;

/** The three life cycles the plan groups its 26 themes by. */
public enum Lifecycle {
  PERSONAL, ENTERPRISE, PROJECT;

  public String code() { return name().toLowerCase(); }

  public static Lifecycle parse(String s) {
    for (Lifecycle l : values()) if (l.code().equals(s)) return l;
    return null;
  }
}
