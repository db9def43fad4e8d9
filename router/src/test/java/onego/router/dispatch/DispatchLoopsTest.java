package onego.router.dispatch;

import onego.router.DispatchSettings;
import onego.router.RouterSettings;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins how push dispatch is spread over {@code router.dispatchLoops} event loops: every push
 * department on exactly one loop (so its {@code maxInFlight} is one lane's credits, never
 * multiplied), dealt in turn by code, pull departments on none, and never more loops than push
 * departments.
 */
class DispatchLoopsTest {
  private static DispatchSettings dept(String code, String mode) {
    return new DispatchSettings(code, mode, mode.equals("push") ? "http://127.0.0.1:9/" + code : null, List.of("whsec_x"), 8, 1000, 3, List.of(10L, 100L));
  }

  private static RouterSettings loops(int n) {
    return new RouterSettings(true, 100_000, 1_000, 32, 5, 30_000, 60, 30, 30_000, 4, 64, 2, n);
  }

  private static Map<String, DispatchSettings> departments(String... pushThenPull) {
    Map<String, DispatchSettings> out = new LinkedHashMap<>();
    for (String spec : pushThenPull) {
      String[] p = spec.split(":");
      out.put(p[0], dept(p[0], p[1]));
    }
    return out;
  }

  @Test
  void pushDepartmentsAreDealtInTurnByCodeEachToOneLoop() {
    Map<String, DispatchSettings> d = departments("tax:push", "health:push", "civil-affairs:pull", "public-security:push", "bank:push");
    List<DispatchVerticle> v = DispatchVerticle.forLoops(d, loops(2), null, null, null);
    assertThat(v).extracting(DispatchVerticle::departments)
        .containsExactly(Set.of("bank", "public-security"), Set.of("health", "tax"));
  }

  @Test
  void neverMoreLoopsThanPushDepartmentsAndOneEvenWithNone() {
    assertThat(DispatchVerticle.forLoops(departments("tax:push", "health:pull"), loops(4), null, null, null))
        .extracting(DispatchVerticle::departments).containsExactly(Set.of("tax"));
    assertThat(DispatchVerticle.forLoops(departments("health:pull"), loops(4), null, null, null))
        .extracting(DispatchVerticle::departments).containsExactly(Set.of());
  }

  @Test
  void oneLoopTakesThemAll() {
    Map<String, DispatchSettings> d = departments("tax:push", "health:push", "bank:push");
    assertThat(DispatchVerticle.forLoops(d, loops(1), null, null, null)).extracting(DispatchVerticle::departments)
        .containsExactly(Set.of("tax", "health", "bank"));
  }
}
