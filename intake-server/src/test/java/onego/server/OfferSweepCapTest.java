package onego.server;

import io.vertx.core.json.JsonObject;
import onego.domain.CreditCodes;
import onego.server.support.Overlays;
import onego.server.support.TestNode;
import onego.server.support.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code offers.maxSubjectsPerRule} bounds one sweep's work, but every candidate is still reached: a sweep that
 * stops at the cap leaves off where it stopped and the next one goes on from there (the candidates already
 * offered at the head of the platform's order must not hold back those behind them for ever).
 */
class OfferSweepCapTest {
  private static OffersTest.FactsPlatform platform;
  private static TestNode node;

  @BeforeAll
  static void start() throws IOException {
    platform = new OffersTest.FactsPlatform();
    String overlay = "sharedData:\n  url: \"" + platform.url() + "\"\n  keySalt: \"" + UUID.randomUUID() + "\"\n"
        + "offers:\n  enabled: false\n  maxSubjectsPerRule: 2\n";
    node = TestNode.start(Overlays.env(overlay));
  }

  @AfterAll
  static void stop() {
    node.close();
    platform.close();
  }

  private static String enterprise(int seq) {
    String first17 = "91430400MA4Q" + String.format("%05d", seq);
    return first17 + CreditCodes.checkChar(first17);
  }

  private static int sweep() throws Exception {
    CompletableFuture<Integer> done = new CompletableFuture<>();
    node.node().vertx().runOnContext(v -> node.node().offerSweeper().sweep().onComplete(ar -> {
      if (ar.succeeded()) done.complete(ar.result());
      else done.completeExceptionally(ar.cause());
    }));
    return done.get(60, TimeUnit.SECONDS);
  }

  @Test
  void aSweepCappedAtMaxSubjectsPerRuleGoesOnWhereTheLastOneStoppedUntilEveryCandidateIsOffered() throws Exception {
    TestServices.sql("TRUNCATE offers");
    TestServices.resetTables();
    platform.facts.clear();
    for (int k = 1; k <= 5; k++) platform.facts.put(enterprise(k), new JsonObject().put("unemploymentInsured", true).put("layoffsLastYear", 0));

    assertThat(sweep()).as("the first sweep: the cap of 2").isEqualTo(2);
    assertThat(sweep()).as("the second goes on past the two already offered").isEqualTo(2);
    assertThat(sweep()).as("the third reaches the last candidate").isEqualTo(1);
    assertThat(TestServices.count("SELECT count(*) FROM offers WHERE rule = 'job-stabilization-refund-yearly'")).isEqualTo(5);
    assertThat(sweep()).as("nothing left to offer: one per (rule, subject, period)").isZero();
    assertThat(TestServices.count("SELECT count(*) FROM offers WHERE rule = 'job-stabilization-refund-yearly'")).isEqualTo(5);
  }
}
