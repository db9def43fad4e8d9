package onego.server.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import onego.server.support.NodeTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The document offers the query-string token ({@code accessToken}, {@code ?access_token=}) only
 * where the server honours it, {@code GET /api/v1/ws}; elsewhere the server ignores it (401), and
 * the document says so by giving every other guarded operation the bearer scheme alone.
 */
class OpenApiQueryTokenTest extends NodeTest {
  @Test
  void onlyTheWebSocketOffersTheQueryToken() {
    JsonNode doc = OpenApiDocument.read();
    assertThat(doc.get("security").toString()).isEqualTo("[{\"bearer\":[]}]");
    List<String> offering = new ArrayList<>();
    doc.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
      JsonNode security = op.getValue().get("security");
      if (security != null && security.toString().contains("accessToken")) offering.add(op.getKey() + " " + path.getKey());
    }));
    assertThat(offering).containsExactly("get /api/v1/ws");
  }

  @Test
  void theServerIgnoresTheQueryTokenElsewhere() {
    assertThat(http.get("/api/v1/cases/" + UUID.randomUUID() + "?access_token=dev-admin").status()).isEqualTo(401);
    assertThat(http.get("/api/v1/cases/" + UUID.randomUUID(), "dev-admin").status()).isEqualTo(404);
  }
}
