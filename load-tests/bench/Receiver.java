import com.sun.net.httpserver.HttpServer;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * A fast department for {@code bench.py} (JDK only): answers every POST with 200 at once and
 * counts what it got by {@code webhook-id}, so the bench can check that every item arrived exactly
 * once (a redelivery with the same webhook-id after a lost answer is allowed by the contract, and
 * counted apart). {@code GET /stats} answers {@code {"posts": N, "unique": N, "repeats": N}}.
 *
 * <pre>  java -cp out Receiver 18190</pre>
 */
public final class Receiver {
  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 18190;
    Set<String> seen = ConcurrentHashMap.newKeySet();
    LongAdder posts = new LongAdder();
    LongAdder repeats = new LongAdder();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/", ex -> {
      try (InputStream in = ex.getRequestBody()) {
        in.readAllBytes();
      }
      byte[] out;
      if (ex.getRequestMethod().equals("GET")) {
        out = ("{\"posts\":" + posts.sum() + ",\"unique\":" + seen.size() + ",\"repeats\":" + repeats.sum() + "}")
            .getBytes(StandardCharsets.UTF_8);
      } else {
        posts.increment();
        String id = ex.getRequestHeaders().getFirst("webhook-id");
        if (id != null && !seen.add(id)) repeats.increment();
        out = "{}".getBytes(StandardCharsets.UTF_8);
      }
      ex.getResponseHeaders().add("content-type", "application/json");
      ex.sendResponseHeaders(200, out.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(out);
      }
    });
    server.start();
    System.out.println("receiver on " + port);
  }
}
