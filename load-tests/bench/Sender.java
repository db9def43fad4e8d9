import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Sends steps of ready requests in an open model from one thread: request i is due at
 * start + i / rate and goes, at its due time, to an idle connection or to a new one.
 */
final class Sender implements AutoCloseable {
  private static final long ANSWER_TIMEOUT = TimeUnit.SECONDS.toNanos(30);
  private static final long FINAL_WAIT = TimeUnit.SECONDS.toNanos(60);
  private final InetSocketAddress address;
  private final int maxOpen;
  private final Selector selector;
  private final ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);
  private final ArrayDeque<Conn> idle = new ArrayDeque<>();
  private int inFlight;
  private Step step;

  Sender(InetSocketAddress address, int maxOpen) throws IOException {
    this.address = address;
    this.maxOpen = maxOpen;
    this.selector = Selector.open();
  }

  Step step(byte[][] requests, double rate) throws IOException {
    step = new Step(rate, requests.length);
    poll(0);                                    // notice idle connections the server closed meanwhile
    long interval = Math.round(1e9 / rate);
    long start = System.nanoTime();
    step.start = start;
    step.startWallMs = System.currentTimeMillis();
    int next = 0;
    long nextTimeoutCheck = start + TimeUnit.SECONDS.toNanos(1);
    while (true) {
      long now = System.nanoTime();
      for (; next < requests.length && start + next * interval <= now; next++) send(requests[next], next, start + next * interval, now);
      if (next == requests.length) {
        if (step.sendEnd == 0) step.sendEnd = System.nanoTime();
        if (inFlight == 0 || now - step.sendEnd >= FINAL_WAIT) break;
      }
      if (now >= nextTimeoutCheck) {
        expire(now);
        nextTimeoutCheck = now + TimeUnit.SECONDS.toNanos(1);
      }
      long wakeAt = Math.min(nextTimeoutCheck, next < requests.length ? start + next * interval : step.sendEnd + FINAL_WAIT);
      poll(wakeAt - now);
    }
    step.end = System.nanoTime();
    abandonBusy();                              // answers still missing after 60 s are not counted
    return step;
  }

  /** Hands request {@code slot} to an idle connection, or to a new one, or counts it as skipped. */
  private void send(byte[] request, int slot, long due, long now) {
    Conn c = idle.pollLast();
    if (c == null) {
      if (inFlight >= maxOpen) {
        step.skipped++;
        return;
      }
      try {
        c = open();
      } catch (IOException e) {
        step.failed(e);
        return;
      }
    }
    c.slot = slot;
    c.due = due;
    c.sent = now;
    c.out = ByteBuffer.wrap(request);
    inFlight++;
    if (c.connected) write(c);
  }

  private Conn open() throws IOException {
    SocketChannel ch = SocketChannel.open();
    try {
      ch.configureBlocking(false);
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      boolean connected = ch.connect(address);
      Conn c = new Conn(ch, ch.register(selector, connected ? 0 : SelectionKey.OP_CONNECT));
      c.key.attach(c);
      c.connected = connected;
      return c;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** Waits up to {@code nanos} (rounded up to a millisecond; 0 = do not wait) and handles what is ready. */
  private void poll(long nanos) throws IOException {
    if (nanos <= 0) selector.selectNow();
    else selector.select(Math.max(1, (nanos + 999_999) / 1_000_000));
    Iterator<SelectionKey> it = selector.selectedKeys().iterator();
    while (it.hasNext()) {
      SelectionKey k = it.next();
      it.remove();
      Conn c = (Conn) k.attachment();
      try {
        if (!k.isValid()) continue;
        if (k.isConnectable()) connected(c);
        else {
          if (k.isWritable()) write(c);
          if (k.isValid() && k.isReadable()) read(c);
        }
      } catch (IOException e) {
        fail(c, e);
      }
    }
  }

  private void connected(Conn c) throws IOException {
    c.channel.finishConnect();
    c.connected = true;
    if (c.busy()) write(c);
    else c.key.interestOps(SelectionKey.OP_READ);
  }

  private void write(Conn c) {
    try {
      c.channel.write(c.out);
      c.key.interestOps(c.out.hasRemaining() ? SelectionKey.OP_WRITE | SelectionKey.OP_READ : SelectionKey.OP_READ);
    } catch (IOException e) {
      fail(c, e);
    }
  }

  private void read(Conn c) throws IOException {
    in.clear();
    int n = c.channel.read(in);
    if (n < 0) {
      closedByServer(c);
      return;
    }
    in.flip();
    if (!c.busy()) {                            // bytes nobody asked for: the connection is out of step
      drop(c);
      return;
    }
    if (c.reader.feed(in)) {
      answered(c);
      if (in.hasRemaining() && c.channel.isOpen()) drop(c);
    }
  }

  private void closedByServer(Conn c) {
    if (!c.busy()) drop(c);
    else if (c.reader.endsAtClose()) {
      answered(c);
      drop(c);
    } else fail(c, new EOFException("connection closed before the answer was complete"));
  }

  private void answered(Conn c) {
    step.answered(c.slot, c.reader.status, System.nanoTime() - c.due);
    boolean close = c.reader.close;
    c.reader.reset();
    c.slot = -1;
    c.out = null;
    inFlight--;
    if (close) drop(c);
    else idle.addLast(c);
  }

  private void fail(Conn c, Exception e) {
    if (c.busy()) step.failed(e);
    drop(c);
  }

  /** Closes the connection; a request in flight on it is forgotten (the caller has counted it). */
  private void drop(Conn c) {
    if (c.busy()) {
      c.slot = -1;
      inFlight--;
    } else idle.remove(c);
    c.key.cancel();
    try {
      c.channel.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  /** Requests without an answer after 30 s count as failed (and their connections are dropped). */
  private void expire(long now) {
    List<Conn> late = new ArrayList<>();
    for (SelectionKey k : selector.keys()) {
      Conn c = (Conn) k.attachment();
      if (k.isValid() && c.busy() && now - c.sent > ANSWER_TIMEOUT) late.add(c);
    }
    for (Conn c : late) fail(c, new IOException("no answer within " + TimeUnit.NANOSECONDS.toSeconds(ANSWER_TIMEOUT) + " s"));
  }

  private void abandonBusy() {
    List<Conn> busy = new ArrayList<>();
    for (SelectionKey k : selector.keys()) {
      Conn c = (Conn) k.attachment();
      if (k.isValid() && c.busy()) busy.add(c);
    }
    busy.forEach(this::drop);
  }

  @Override
  public void close() throws IOException {
    for (SelectionKey k : selector.keys()) k.channel().close();
    selector.close();
  }

  /** One keep-alive connection with at most one request in flight (no pipelining). */
  private static final class Conn {
    final SocketChannel channel;
    final SelectionKey key;
    final ResponseReader reader = new ResponseReader();
    boolean connected;
    ByteBuffer out;
    int slot = -1;      // the request in flight (its index in the step), -1 when idle
    long due;           // its scheduled send time: latencies count from here
    long sent;          // when it was handed to this connection: the 30 s answer timeout counts from here

    Conn(SocketChannel channel, SelectionKey key) {
      this.channel = channel;
      this.key = key;
    }

    boolean busy() {
      return slot >= 0;
    }
  }
}
