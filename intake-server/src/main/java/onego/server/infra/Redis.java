package onego.server.infra;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * The node's Redis connection (Lettuce, one multiplexed connection, non-blocking). Lettuce
 * answers on its own threads; {@link #onContext} brings each answer back to the caller's context.
 */
public final class Redis implements AutoCloseable {
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;

  private Redis(RedisClient client, StatefulRedisConnection<String, String> connection) {
    this.client = client;
    this.connection = connection;
  }

  /**
   * Connects to {@code url}: {@code redis://host:port[/db]}, with a password
   * {@code redis://:password@host:port} (or {@code user:password@} for an ACL user; reserved
   * characters percent-encoded), over TLS {@code rediss://...} (the server certificate is checked
   * against the JVM's trust store unless the URL says {@code ?verifyPeer=NONE}). Lettuce reads
   * all of these from the URL and authenticates on connect.
   */
  public static Future<Redis> connect(Vertx vertx, String url) {
    RedisURI uri = RedisURI.create(url);
    uri.setTimeout(Duration.ofSeconds(2));
    RedisClient client = RedisClient.create();
    Context ctx = vertx.getOrCreateContext();
    return Future.fromCompletionStage(client.connectAsync(StringCodec.UTF8, uri), ctx)
        .map(conn -> new Redis(client, conn))
        .onFailure(e -> client.shutdownAsync());
  }

  public RedisAsyncCommands<String, String> commands() {
    return connection.async();
  }

  public static <T> Future<T> onContext(Vertx vertx, CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, vertx.getOrCreateContext());
  }

  public Future<String> ping(Vertx vertx) {
    return onContext(vertx, commands().ping());
  }

  @Override
  public void close() {
    client.shutdownAsync(); // closes the connection too
  }
}
