package onego.domain;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How far an item can be done online (网上可办程度), counted in the applicant's trips to a window:
 * {@code full} (全程网办, no trip), {@code visits:N} (applied for online, N ≥ 1 trips to a window
 * remain, e.g. 婚姻登记 where both parties appear in person) or {@code window} (only at a window,
 * e.g. materials that may not travel over the internet). A department's own site inspection is not
 * an applicant's trip. The plan's 网上可办率 counts the high-frequency items that are {@link #FULL}
 * (衡阳方案 工作目标: 高频事项网上可办率 95 %).
 *
 * @param visits trips to a window that remain: 0 for {@code full}, N for {@code visits:N}, -1 for {@code window}
 */
public record OnlineLevel(int visits) {
  /** 全程网办. */
  public static final OnlineLevel FULL = new OnlineLevel(0);
  /** Only at a window. */
  public static final OnlineLevel WINDOW = new OnlineLevel(-1);
  private static final Pattern VISITS = Pattern.compile("visits:([1-9][0-9]?)");

  public OnlineLevel {
    if (visits < -1) throw new IllegalArgumentException("visits must be -1 (window), 0 (full) or a positive count");
  }

  /** The level written {@code raw} ({@code full}, {@code visits:N} with 1 ≤ N ≤ 99, {@code window}); null when it is none of them. */
  public static OnlineLevel parse(String raw) {
    if (raw == null) return null;
    if (raw.equals("full")) return FULL;
    if (raw.equals("window")) return WINDOW;
    Matcher m = VISITS.matcher(raw);
    return m.matches() ? new OnlineLevel(Integer.parseInt(m.group(1))) : null;
  }

  /** True for 全程网办. */
  public boolean full() { return visits == 0; }

  /** The catalog's and the API's spelling: {@code full}, {@code visits:N} or {@code window}. */
  public String code() {
    return visits == 0 ? "full" : visits < 0 ? "window" : "visits:" + visits;
  }

  @Override
  public String toString() { return code(); }
}
