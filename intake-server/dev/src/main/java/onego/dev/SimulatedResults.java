package onego.dev;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** What a simulated department says back: what to supplement (补正), and a plausible certificate. */
final class SimulatedResults {
  private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

  private SimulatedResults() {}

  /** The first material of the work message's item (name, else code), else its first form field. */
  static String whatToSupplement(JsonObject message) {
    JsonArray materials = message.getJsonArray("materials");
    if (materials != null) {
      for (Object m : materials) {
        if (m instanceof JsonObject mo) {
          String name = mo.getString("name", mo.getString("code"));
          if (name != null) return "材料「" + name + "」不清晰或不完整，请重新提交";
        } else if (m instanceof String s) {
          return "材料「" + s + "」不清晰或不完整，请重新提交";
        }
      }
    }
    JsonObject form = message.getJsonObject("form");
    if (form != null && !form.isEmpty()) return "表单字段「" + form.fieldNames().iterator().next() + "」填写有误，请核对后重新提交";
    return "申请材料不完整，请补充后重新提交";
  }

  /** A certificate named after the item, numbered {@code <2 letters of the department><yyyyMMdd><6 digits>}. */
  static JsonObject certificate(String department, JsonObject message) {
    JsonObject item = message.getJsonObject("item", new JsonObject());
    String type = item.getString("name", item.getString("code", department + " 办理结果"));
    String number = prefix(department) + LocalDate.now(CHINA).format(DateTimeFormatter.BASIC_ISO_DATE)
        + String.format("%06d", ThreadLocalRandom.current().nextInt(1_000_000));
    return new JsonObject().put("type", type).put("number", number).put("ecertRef", "EC-" + UUID.randomUUID());
  }

  private static String prefix(String departmentCode) {
    StringBuilder sb = new StringBuilder();
    for (char c : departmentCode.toCharArray()) {
      if (c < 128 && Character.isLetter(c)) sb.append(Character.toUpperCase(c));
      if (sb.length() == 2) return sb.toString();
    }
    return "GD";
  }
}
