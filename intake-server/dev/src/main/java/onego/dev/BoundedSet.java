package onego.dev;

import java.util.LinkedHashMap;
import java.util.Map;

/** An insertion-ordered set that forgets its oldest entries beyond {@code limit}. Not thread-safe (one event loop). */
final class BoundedSet {
  private final LinkedHashMap<String, Boolean> entries;

  BoundedSet(int limit) {
    this.entries = new LinkedHashMap<>(64, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > limit;
      }
    };
  }

  /** Adds {@code value}; true when it was not there yet. */
  boolean add(String value) { return entries.put(value, Boolean.TRUE) == null; }

  boolean contains(String value) { return entries.containsKey(value); }

  int size() { return entries.size(); }
}
