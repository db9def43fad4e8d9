package onego.server.support;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

/** One {@link LiveNode} per test class (each class starts it with its own overlay), empty tables per test. */
public abstract class LiveNodeTest {
  protected static LiveNode node;
  protected static Http http;

  /** Call from the subclass's {@code @BeforeAll}. */
  protected static void startNode(String overlayYaml) {
    node = LiveNode.start(TestServices.redisUrl(), LiveNode.QUIET + overlayYaml);
    http = node.http();
  }

  @AfterAll
  static void stopNode() {
    if (node != null) node.close();
    node = null;
  }

  @BeforeEach
  void emptyTables() {
    TestServices.resetTables();
  }
}
