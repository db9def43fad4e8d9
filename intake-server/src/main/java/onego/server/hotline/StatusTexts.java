package onego.server.hotline;

import onego.domain.CaseStatus;
import onego.domain.ItemStatus;

/** Plain Chinese for every case and item status, as a 12345 operator reads it out. */
public final class StatusTexts {
  private StatusTexts() {}

  public static String ofCase(String status) {
    CaseStatus s = parse(CaseStatus.class, status);
    if (s == null) return "状态未知（" + status + "）";
    return switch (s) {
      case SUBMITTED -> "已提交";
      case IN_PROGRESS -> "办理中";
      case NEEDS_SUPPLEMENT -> "需补正材料";
      case COMPLETED -> "已办结";
      case REJECTED -> "不予受理/未通过";
      case WITHDRAWN -> "已撤回";
    };
  }

  public static String ofItem(String status) {
    ItemStatus s = parse(ItemStatus.class, status);
    if (s == null) return "状态未知（" + status + "）";
    return switch (s) {
      case WAITING -> "等待前置事项";
      case QUEUED -> "排队待推送";
      case DISPATCHED -> "已推送部门";
      case ACCEPTED -> "已受理";
      case IN_PROGRESS -> "办理中";
      case SUSPENDED -> "特别程序中暂停计时";
      case COMPLETED -> "已办结";
      case REJECTED -> "不予办理";
      case RETURNED -> "退回补正";
      case CANCELLED -> "已取消";
      case DELIVERY_FAILED -> "推送失败";
      case REVOKED -> "承诺不实已撤销审批";
    };
  }

  /** Finished items are not overdue whatever their deadline. */
  public static boolean finished(String itemStatus) {
    ItemStatus s = parse(ItemStatus.class, itemStatus);
    return s != null && s.isFinal();
  }

  private static <E extends Enum<E>> E parse(Class<E> type, String name) {
    try {
      return name == null ? null : Enum.valueOf(type, name);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
