package onego.server.infra;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/** Passes objects by reference between verticles of one node; never sent over the cluster. */
public final class LocalCodec<T> implements MessageCodec<T, T> {
  private final String name;

  public LocalCodec(Class<T> type) {
    this.name = "local-" + type.getName();
  }

  /** Makes this codec the default for each of {@code types} on the node's event bus. */
  public static void register(io.vertx.core.Vertx vertx, Class<?>... types) {
    for (Class<?> t : types) register(vertx, t);
  }

  private static <T> void register(io.vertx.core.Vertx vertx, Class<T> type) {
    vertx.eventBus().registerDefaultCodec(type, new LocalCodec<>(type));
  }

  @Override
  public void encodeToWire(Buffer buffer, T t) {
    throw new IllegalStateException(name + " is for local delivery only");
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    throw new IllegalStateException(name + " is for local delivery only");
  }

  @Override
  public T transform(T t) { return t; }

  @Override
  public String name() { return name; }

  @Override
  public byte systemCodecID() { return -1; }
}
