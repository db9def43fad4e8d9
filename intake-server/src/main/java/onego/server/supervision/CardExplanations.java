package onego.server.supervision;

import io.vertx.core.json.JsonObject;
import onego.domain.KnownPii;
import onego.domain.Pii;

import java.util.List;

/**
 * A card's explanation as staff read it (every reader of a card is staff: admin and the card's
 * department), by the one masking policy ({@link Pii}): {@code responsiblePerson} is a person, so
 * every name in it is masked to its first character however it is written ({@link Pii#person}: "科长周建国",
 * "周建国（科长）", with a phone beside it), and the free texts ({@code reason}, {@code measures}) are scanned for
 * numbers, labelled names and addresses, for that person's names and for the names and addresses
 * the card's case holds ({@link KnownPii} of the case). Stored as written; masked when shown.
 */
final class CardExplanations {
  private CardExplanations() {}

  /** {@code explanation} {reason, responsiblePerson, measures, explainedAt} masked; {@code caseKnown} the card's case's, or {@link KnownPii#NONE}. */
  static JsonObject masked(JsonObject explanation, KnownPii caseKnown) {
    String person = explanation.getString("responsiblePerson");
    KnownPii known = (caseKnown == null ? KnownPii.NONE : caseKnown).withNamesIn(person == null ? List.of() : List.of(person));
    return new JsonObject()
        .put("reason", scrub(explanation.getString("reason"), known))
        .put("responsiblePerson", Pii.person(person))
        .put("measures", scrub(explanation.getString("measures"), known));
  }

  private static String scrub(String text, KnownPii known) {
    return text == null ? null : Pii.scrub(text, known);
  }
}
