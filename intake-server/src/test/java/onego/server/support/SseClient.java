package onego.server.support;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A minimal Server-Sent Events client over the JDK HTTP client: frames as they arrive, comments too. */
public final class SseClient implements AutoCloseable {
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** One frame: {@code comment} set for a comment line, else id/event/data. */
  public record Frame(String id, String event, String data, String comment) {}

  private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
  private final int status;
  private final InputStream body;
  private final String contentType;

  private SseClient(HttpResponse<InputStream> response) {
    this.status = response.statusCode();
    this.body = response.body();
    this.contentType = response.headers().firstValue("Content-Type").orElse("");
    Thread reader = new Thread(this::read, "sse-client");
    reader.setDaemon(true);
    reader.start();
  }

  public static SseClient open(int port, String path, String token, String lastEventId) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token).timeout(Duration.ofMinutes(5)).GET();
    if (lastEventId != null) b.header("Last-Event-ID", lastEventId);
    try {
      return new SseClient(CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofInputStream()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public int status() { return status; }
  public String contentType() { return contentType; }

  private void read() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String id = null, event = null;
      StringBuilder data = null;
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isEmpty()) {
          if (data != null || id != null || event != null) frames.add(new Frame(id, event, data == null ? null : data.toString(), null));
          id = null;
          event = null;
          data = null;
        } else if (line.startsWith(":")) {
          frames.add(new Frame(null, null, null, line.substring(1).trim()));
        } else if (line.startsWith("id: ")) {
          id = line.substring(4);
        } else if (line.startsWith("event: ")) {
          event = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
        }
      }
    } catch (Exception ignored) {
      // closed
    }
    frames.add(new Frame(null, null, null, "<closed>"));
  }

  /** The next frame, or null after {@code timeoutMs}. */
  public Frame next(long timeoutMs) {
    try {
      return frames.poll(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Event frames (comments skipped) until {@code count} arrived or {@code timeoutMs} passed. */
  public List<Frame> events(int count, long timeoutMs) {
    List<Frame> out = new ArrayList<>();
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (out.size() < count) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) break;
      Frame f = next(left);
      if (f == null) break;
      if ("<closed>".equals(f.comment())) break;
      if (f.comment() == null) out.add(f);
    }
    return out;
  }

  @Override
  public void close() {
    try {
      body.close();
    } catch (Exception ignored) {
      // already closed
    }
  }
}
