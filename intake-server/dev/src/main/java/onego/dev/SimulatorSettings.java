package onego.dev;

/**
 * Settings from the {@code devsim:} config section: the port the push inboxes listen on (0 = any
 * free port), how long a department "works" on an item, and the shares of items returned for
 * supplement (补正) and rejected; the rest complete.
 */
public record SimulatorSettings(int port, long workDelayMs, double supplementShare, double rejectShare) {}
