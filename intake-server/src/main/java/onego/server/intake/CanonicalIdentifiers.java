package onego.server.intake;

import io.vertx.core.json.JsonObject;
import onego.domain.Catalog;
import onego.domain.CreditCodes;
import onego.domain.FieldSpec;
import onego.domain.IdNumbers;
import onego.domain.Phones;

import java.util.function.UnaryOperator;

/**
 * Writes the identifiers of a submission in their canonical spelling ({@link IdNumbers#normalize},
 * {@link CreditCodes#normalize}, {@link Phones#normalize}) before the body is hashed, validated or
 * stored, so that one person or company has one file however a channel typed the number
 * (一人一档): the applicant's {@code idNumber}, {@code creditCode}, {@code legalRepresentativeIdNumber}
 * and {@code phone}, the agent's {@code idNumber} and {@code phone}, every form field whose catalog format is {@code id-number},
 * {@code credit-code} or {@code phone}, and {@code delivery.phone}. Values that are not strings
 * are left for validation to refuse.
 */
public final class CanonicalIdentifiers {
  private final Catalog catalog;

  public CanonicalIdentifiers(Catalog catalog) {
    this.catalog = catalog;
  }

  /** A copy of a POST /cases body with its identifiers canonical. */
  public JsonObject submission(JsonObject body) {
    JsonObject out = body.copy();
    if (out.getValue("applicant") instanceof JsonObject a) {
      rewrite(a, "idNumber", IdNumbers::normalize);
      rewrite(a, "creditCode", CreditCodes::normalize);
      rewrite(a, "legalRepresentativeIdNumber", IdNumbers::normalize);
      rewrite(a, "phone", Phones::normalize);
    }
    if (out.getValue("agent") instanceof JsonObject a) {
      rewrite(a, "idNumber", IdNumbers::normalize);
      rewrite(a, "phone", Phones::normalize);
    }
    if (out.getValue("form") instanceof JsonObject f) form(f);
    if (out.getValue("delivery") instanceof JsonObject d) rewrite(d, "phone", Phones::normalize);
    return out;
  }

  /** Rewrites, in place, the form fields whose catalog format is an identifier. */
  public void form(JsonObject form) {
    for (String name : form.fieldNames()) {
      FieldSpec spec = catalog.field(name);
      if (spec == null || spec.format() == null) continue;
      switch (spec.format()) {
        case "id-number" -> rewrite(form, name, IdNumbers::normalize);
        case "credit-code" -> rewrite(form, name, CreditCodes::normalize);
        case "phone" -> rewrite(form, name, Phones::normalize);
        default -> { }
      }
    }
  }

  private static void rewrite(JsonObject o, String key, UnaryOperator<String> canonical) {
    if (o.getValue(key) instanceof String s) o.put(key, canonical.apply(s));
  }
}
