package onego.domain;

/**
 * Whether and how an item can be done without a trip to a window, and whether it counts in the
 * plan's rates (衡阳方案/湖南方案 工作目标: "一件事一次办"高频事项网上可办率达95 %、掌上可办率达90 %).
 * A property of the catalog (config/catalog/FORMAT.md "Online levels and the plan's rates"),
 * not of the cases filed.
 *
 * @param level         how many trips to a window remain ({@link OnlineLevel})
 * @param reason        why the item is not {@code full} or not {@code mobile}, citing the law or the
 *                      practice (e.g. 《婚姻登记条例》第四条); required unless {@code full}, else null or text
 * @param mobile        the whole of it can be done on a phone (掌上可办); only a {@code full} item can be
 * @param highFrequency a 高频事项: counted in {@code onlineRate} and {@code mobileRate}
 */
public record OnlineAvailability(OnlineLevel level, String reason, boolean mobile, boolean highFrequency) {
  /** Tests and simple catalogs: 全程网办 and mobile, not counted as high-frequency. */
  public static final OnlineAvailability DEFAULT = new OnlineAvailability(OnlineLevel.FULL, null, true, false);

  public OnlineAvailability {
    if (level == null) throw new IllegalArgumentException("level is required");
    if (mobile && !level.full()) throw new IllegalArgumentException("only a full item can be mobile");
  }
}
