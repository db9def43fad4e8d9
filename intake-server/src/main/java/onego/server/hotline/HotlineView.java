package onego.server.hotline;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.Pii;
import onego.domain.SpecialProcedure;
import onego.domain.Times;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer a 12345 operator reads out: statuses in plain Chinese, overdue flags computed at
 * the time of asking, and what the applicant has to do next.
 */
public final class HotlineView {
  private final ZoneId zone;

  public HotlineView(ZoneId zone) {
    this.zone = zone;
  }

  public JsonObject render(StatusView v, OffsetDateTime now) {
    JsonArray items = new JsonArray();
    boolean anyOverdue = false;
    OffsetDateTime latestDue = null;
    for (StatusView.Item i : v.items()) {
      boolean overdue = overdue(i, now);
      anyOverdue |= overdue;
      if (!StatusTexts.finished(i.status()) && (latestDue == null || i.dueAt().isAfter(latestDue))) latestDue = i.dueAt();
      JsonObject item = new JsonObject()
          .put("name", i.name())
          .put("department", i.department())
          .put("departmentName", i.departmentName())
          .put("status", i.status())
          .put("statusText", StatusTexts.ofItem(i.status()))
          .put("dueAt", Times.format(Times.in(i.dueAt(), zone)))
          .put("overdue", overdue)
          .put("clockText", clockText(i));
      if (i.note() != null) item.put("note", i.note());
      items.add(item);
    }
    return new JsonObject()
        .put("caseId", v.caseId().toString())
        .put("thingName", v.thingName())
        .put("status", v.status())
        .put("statusText", StatusTexts.ofCase(v.status()))
        .put("items", items)
        .put("applicant", v.applicant())
        .put("agent", v.agent())
        .put("overdue", anyOverdue)
        .put("nextSteps", new JsonArray(nextSteps(v, now, latestDue)))
        .put("createdAt", Times.format(Times.in(v.createdAt(), zone)))
        .put("updatedAt", Times.format(Times.in(v.updatedAt(), zone)));
  }

  /**
   * The item's clock in plain Chinese: "暂停计时：公示（至12月20日）" while SUSPENDED, "补正中，计时暂停"
   * while RETURNED, "等待前置事项，尚未开始计时" while WAITING, "计时中" while it runs, "已停止计时" once final.
   */
  static String clockText(StatusView.Item i) {
    return switch (i.status()) {
      case "SUSPENDED" -> "暂停计时：" + procedureName(i.procedure()) + untilText(i.until());
      case "RETURNED" -> "补正中，计时暂停";
      case "WAITING" -> "等待前置事项，尚未开始计时";
      case "COMPLETED", "REJECTED", "CANCELLED" -> "已停止计时";
      default -> "计时中";
    };
  }

  private static String procedureName(String procedure) {
    return SpecialProcedure.of(procedure).map(SpecialProcedure::chinese).orElse("特别程序");
  }

  private static String untilText(String until) {
    if (until == null) return "";
    LocalDate d = LocalDate.parse(until);
    return "（至" + d.getMonthValue() + "月" + d.getDayOfMonth() + "日）";
  }

  /**
   * The next instant after which {@link #render} of {@code v} changes with the clock alone (an item whose clock runs
   * turning overdue, and with it the flags and next steps), or null when no later time changes it.
   */
  public OffsetDateTime changesAt(StatusView v, OffsetDateTime now) {
    OffsetDateTime next = null;
    for (StatusView.Item i : v.items()) {
      if (i.dueAt() == null || now.isAfter(i.dueAt()) || !clockRuns(i)) continue;
      if (next == null || i.dueAt().isBefore(next)) next = i.dueAt();
    }
    return next;
  }

  private static boolean clockRuns(StatusView.Item i) {
    return !StatusTexts.finished(i.status()) && !List.of("RETURNED", "SUSPENDED", "WAITING").contains(i.status());
  }

  /** Overdue: past {@code dueAt} while the clock runs (a RETURNED, SUSPENDED or WAITING item is not). */
  static boolean overdue(StatusView.Item i, OffsetDateTime now) {
    return i.dueAt() != null && now.isAfter(i.dueAt()) && clockRuns(i);
  }

  /** What the applicant must do (or that nothing is needed), one sentence per point, plain Chinese, through the PII scan. */
  List<String> nextSteps(StatusView v, OffsetDateTime now, OffsetDateTime latestDue) {
    return steps(v, now, latestDue).stream().map(Pii::scrub).toList();
  }

  private List<String> steps(StatusView v, OffsetDateTime now, OffsetDateTime latestDue) {
    List<String> out = new ArrayList<>();
    switch (v.status()) {
      case "COMPLETED" -> out.add("全部事项已办结，结果按" + deliveryText(v.deliveryMethod()) + "送达；可对本次服务进行评价（好差评）。");
      case "WITHDRAWN" -> out.add("申请已撤回，无需办理；如需办理请重新申请。");
      case "REJECTED" -> out.add("申请未通过，原因见各事项说明；如有疑问可向办理部门咨询，也可对本次服务进行评价。");
      default -> { }
    }
    // 一次送达 for every outcome (国办发〔2022〕32号 三(五)): what completed before the end is delivered all the same
    if (List.of("WITHDRAWN", "REJECTED").contains(v.status()) && v.items().stream().anyMatch(i -> i.status().equals("COMPLETED"))) {
      out.add("已办结事项的结果按" + deliveryText(v.deliveryMethod()) + "送达。");
    }
    boolean active = !List.of("COMPLETED", "WITHDRAWN", "REJECTED").contains(v.status());
    for (StatusView.Item i : v.items()) {
      String reason = i.note() == null || i.note().isBlank() ? "" : "（部门说明：" + i.note() + "）";
      switch (i.status()) {
        case "RETURNED" -> out.add("请按" + i.departmentName() + "的要求补正「" + i.name() + "」的材料" + reason + "，补正后该事项重新办理。");
        case "REJECTED" -> out.add(i.departmentName() + "对「" + i.name() + "」不予办理" + reason + "。");
        case "SUSPENDED" -> out.add("「" + i.name() + "」正在进行" + procedureName(i.procedure()) + untilText(i.until())
            + "，期间不计入办理时限，申请人无需操作。");
        case "DELIVERY_FAILED" -> out.add("「" + i.name() + "」推送" + i.departmentName() + "未成功，工作人员正在处理，申请人无需操作。");
        case "REVOKED" -> out.add("「" + i.name() + "」的审批决定已被" + i.departmentName() + "撤销（核查发现告知承诺不实）" + reason
            + "，所发证照已作废；如有异议可向" + i.departmentName() + "申请复核。");
        default -> {
          if (active && overdue(i, now)) {
            out.add("「" + i.name() + "」已超过承诺时限，可向" + i.departmentName() + "催办。");
          }
        }
      }
    }
    if (active && out.isEmpty()) {
      out.add(latestDue == null ? "无需申请人操作，请等待部门办理。"
          : "无需申请人操作，请等待部门办理；承诺最晚于" + Times.in(latestDue, zone).toLocalDate() + "前办结。");
    }
    return out;
  }

  private static String deliveryText(String method) {
    if (method == null) return "所选方式";
    return switch (method) {
      case "electronic" -> "电子证照方式";
      case "window" -> "窗口领取方式";
      case "ems" -> "邮寄方式";
      case "locker" -> "智能柜方式";
      default -> "所选方式";
    };
  }
}
