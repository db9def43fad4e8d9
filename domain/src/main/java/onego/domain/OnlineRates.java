package onego.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plan's 网上可办率 and 掌上可办率, properties of the catalog (衡阳方案/湖南方案 工作目标: "一件事一次办"
 * 高频事项网上可办率达95 %、掌上可办率达90 %): of the high-frequency 事项, the share whose
 * {@code onlineLevel} is {@code full} and the share that are {@code mobile}. A 事项 is counted once
 * however many things hold it: items with the same name are one 事项 (the seed tables name 事项 by
 * name; the loader makes them agree), while one code may name different 事项 in different things
 * (住房公积金提取(死亡) and (离休、退休) are both {@code housing-fund-withdrawal}).
 *
 * @param matters   the high-frequency 事项 counted (the denominator)
 * @param full      of them, those that are 全程网办
 * @param mobile    of them, those that can be done on a phone
 * @param notFull   the high-frequency 事项 that are not 全程网办, each with its level, reason and where it is
 * @param notMobile names of the high-frequency 事项 that are not mobile
 */
public record OnlineRates(int matters, int full, int mobile, List<Matter> notFull, List<String> notMobile) {
  /** 网上可办率 target of the plan (衡阳方案 工作目标). */
  public static final double ONLINE_TARGET = 0.95;
  /** 掌上可办率 target of the plan (衡阳方案 工作目标). */
  public static final double MOBILE_TARGET = 0.90;

  /** One 事项 of the catalog: its name, availability, and {@code thing/item} codes of the items that are it. */
  public record Matter(String name, OnlineAvailability online, List<String> items) {}

  /** The rates of {@code catalog}, counting each high-frequency 事项 (item name) once. */
  public static OnlineRates of(Catalog catalog) {
    Map<String, Matter> byName = new LinkedHashMap<>();
    for (Thing t : catalog.allThings()) {
      for (ItemSpec i : t.items()) {
        if (!i.online().highFrequency()) continue;
        byName.computeIfAbsent(i.name(), n -> new Matter(n, i.online(), new ArrayList<>())).items().add(t.code() + "/" + i.code());
      }
    }
    int full = 0;
    int mobile = 0;
    List<Matter> notFull = new ArrayList<>();
    List<String> notMobile = new ArrayList<>();
    for (Matter m : byName.values()) {
      Matter frozen = new Matter(m.name(), m.online(), List.copyOf(m.items()));
      if (m.online().level().full()) full++; else notFull.add(frozen);
      if (m.online().mobile()) mobile++; else notMobile.add(m.name());
    }
    return new OnlineRates(byName.size(), full, mobile, List.copyOf(notFull), List.copyOf(notMobile));
  }

  /** {@code full / matters}, rounded to 4 places; null when the catalog has no high-frequency 事项. */
  public Double onlineRate() { return share(full); }

  /** {@code mobile / matters}, rounded to 4 places; null when the catalog has no high-frequency 事项. */
  public Double mobileRate() { return share(mobile); }

  private Double share(int part) {
    return matters == 0 ? null : Math.round(part * 10_000d / matters) / 10_000d;
  }
}
