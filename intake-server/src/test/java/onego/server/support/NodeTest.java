package onego.server.support;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** One real node per test class, on empty tables for every test. */
public abstract class NodeTest {
  protected static TestNode node;
  protected static Http http;

  @BeforeAll
  static void startNode() {
    node = TestNode.start();
    http = node.http();
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  @BeforeEach
  void emptyTables() {
    TestServices.resetTables();
  }
}
