package onego.domain;

import java.util.Arrays;
import java.util.Optional;

/**
 * The special procedures (特别程序) whose time does not count toward an item's time limit: 湖南方案
 * 四(二) "现场勘验、技术审查、听证论证 清单化管理", plus 鉴定, 公示 and 专家评审 that the laws behind
 * several items set apart from the decision period (contract {@code specialProcedures}). Each item
 * lists the ones it may use in the catalog ({@link ProcedureLimit}); a department may stop the
 * item's clock only for one of them.
 */
public enum SpecialProcedure {
  SITE_INSPECTION("site-inspection", "现场勘验"),
  TECHNICAL_REVIEW("technical-review", "技术审查"),
  HEARING("hearing", "听证论证"),
  APPRAISAL("appraisal", "鉴定"),
  PUBLICITY("publicity", "公示"),
  EXPERT_REVIEW("expert-review", "专家评审");

  private final String code;
  private final String chinese;

  SpecialProcedure(String code, String chinese) {
    this.code = code;
    this.chinese = chinese;
  }

  /** The contract's code, e.g. {@code publicity}. */
  public String code() { return code; }

  /** The plain Chinese name, e.g. 公示. */
  public String chinese() { return chinese; }

  /** The procedure with contract code {@code code}; empty for anything else (null included). */
  public static Optional<SpecialProcedure> of(String code) {
    return Arrays.stream(values()).filter(p -> p.code.equals(code)).findFirst();
  }
}
