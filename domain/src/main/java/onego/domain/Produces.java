package onego.domain;

import java.util.List;

/**
 * What an item's department issues when the item completes (办理结果): e-certificates and named
 * values. A COMPLETED status report must carry every one of them ({@code result.certificates} by
 * {@code type}, {@code result.values} by name); later items of the same case receive them as
 * {@code inputs} when they declare them ({@link ItemSpec#fromItem()}): 一次联办, 国办发〔2022〕32号 三(四).
 *
 * @param certificates the e-certificate types (电子证照) issued, each with its Chinese name
 * @param values       names of form fields (fields.yaml) whose value the item establishes, e.g. {@code creditCode}
 */
public record Produces(List<Certificate> certificates, List<String> values) {
  public static final Produces NOTHING = new Produces(List.of(), List.of());

  /** One e-certificate type an item issues: {@code type} as the e-certificate registry names it, {@code name} in Chinese. */
  public record Certificate(String type, String name) {}

  public boolean isEmpty() { return certificates.isEmpty() && values.isEmpty(); }

  public boolean certificate(String type) {
    return certificates.stream().anyMatch(c -> c.type().equals(type));
  }

  public List<String> certificateTypes() {
    return certificates.stream().map(Certificate::type).toList();
  }
}
