package onego.domain;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * One published form schema (JSON Schema 2020-12) and its compiled form for the standard
 * validator: the object {@link #published()} is what the API serves, {@link #errors} checks values
 * against exactly that. Immutable; build through {@link FormSchemas}.
 */
public final class FormSchema {
  private final MergedForm form;
  private final JsonObject published;
  private final Schema compiled;

  FormSchema(MergedForm form, JsonObject published, Schema compiled) {
    this.form = form;
    this.published = published;
    this.compiled = compiled;
  }

  /** The merged form the schema was built from (field names, items using them). */
  public MergedForm form() { return form; }

  /** The schema as published; a copy, since JsonObject is mutable and this one is shared. */
  public JsonObject published() { return published.copy(); }

  /** What the standard validator reports for {@code values} (a form object), in its own terms. */
  public List<Error> errors(JsonObject values) {
    return compiled.validate(FormSchemas.node(values.encode()));
  }
}
