package onego.router.cases;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.lang.reflect.Array;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A table's column list, written once ({@link CaseRow#TABLE}, {@link ItemRow#TABLE},
 * {@link EventLog#TABLE}), and the SQL every read and write of that table is built from: the
 * select list, the many-rows insert and the update by key. Values travel in column order, as the
 * row records' {@code values()} give them.
 *
 * <p>A many-rows insert sends one array per column and {@code unnest} turns them back into rows,
 * so a batch of 64 cases costs one statement per table, not one per row. A {@code jsonb} column
 * travels as text and is cast back; a {@code text[]} column travels as one text per row, its
 * elements joined by U+001F ({@code unnest} cannot carry an array per row), so an element may
 * not hold U+001F (refused with {@link IllegalArgumentException}).
 */
final class Table {
  /** The PostgreSQL type of a column, as this code reads and writes it. */
  enum Type {
    UUID("uuid", java.util.UUID.class),
    TEXT("text", String.class),
    INT("int", Integer.class),
    BOOL("boolean", Boolean.class),
    TIMESTAMPTZ("timestamptz", OffsetDateTime.class),
    /** Travels as text, cast back to jsonb. */
    JSONB("text", String.class),
    /** Travels as one text joined by U+001F. */
    TEXT_ARRAY("text", String.class);

    final String travelsAs;
    final Class<?> javaType;

    Type(String travelsAs, Class<?> javaType) {
      this.travelsAs = travelsAs;
      this.javaType = javaType;
    }
  }

  /** One column: its name and type. */
  record Column(String name, Type type) {}

  static Column col(String name, Type type) {
    return new Column(name, type);
  }

  private static final char ARRAY_SEPARATOR = '\u001f';

  final String name;
  final List<Column> columns;

  Table(String name, List<Column> columns) {
    this.name = name;
    this.columns = List.copyOf(columns);
  }

  /** This table with {@code more} columns after its own (a write that sets columns no read needs). */
  Table plus(Column... more) {
    List<Column> all = new ArrayList<>(columns);
    all.addAll(List.of(more));
    return new Table(name, all);
  }

  /** Every column, comma-separated, in order ({@code prefix.} before each when a prefix is given). */
  String select(String prefix) {
    String p = prefix == null ? "" : prefix + ".";
    return columns.stream().map(c -> p + c.name()).collect(Collectors.joining(", "));
  }

  /** {@code SELECT <columns> FROM <table>} followed by {@code rest}. */
  String selectFrom(String rest) {
    return "SELECT " + select(null) + " FROM " + name + " " + rest;
  }

  /** The insert of any number of rows, every column given; parameters are one array per column. */
  String insertMany() {
    StringBuilder params = new StringBuilder();
    StringBuilder values = new StringBuilder();
    for (int k = 0; k < columns.size(); k++) {
      Column c = columns.get(k);
      if (k > 0) {
        params.append(", ");
        values.append(", ");
      }
      params.append('$').append(k + 1).append("::").append(c.type().travelsAs).append("[]");
      values.append(switch (c.type()) {
        case JSONB -> "u." + c.name() + "::jsonb";
        case TEXT_ARRAY -> "string_to_array(u." + c.name() + ", chr(31))";
        default -> "u." + c.name();
      });
    }
    return "INSERT INTO " + name + " (" + select(null) + ") SELECT " + values + " FROM unnest(" + params + ") AS u(" + select(null) + ")";
  }

  /** The parameters of {@link #insertMany} for {@code rows}, each row's values in column order. */
  <R> Tuple insertArgs(List<R> rows, Function<R, Object[]> values) {
    int n = rows.size();
    Object[][] arrays = new Object[columns.size()][];
    for (int c = 0; c < columns.size(); c++) arrays[c] = (Object[]) Array.newInstance(columns.get(c).type().javaType, n);
    for (int r = 0; r < n; r++) {
      Object[] v = values.apply(rows.get(r));
      for (int c = 0; c < columns.size(); c++) arrays[c][r] = travel(columns.get(c), v[c]);
    }
    Tuple t = Tuple.tuple();
    for (Object[] a : arrays) t.addValue(a);
    return t;
  }

  /**
   * {@code UPDATE <table> SET <each of columns> WHERE <first column> = $1}: parameters are the key,
   * then {@code columns} in the order given (see {@link #updateArgs}).
   */
  String updateByKey(List<String> set) {
    StringBuilder sql = new StringBuilder("UPDATE ").append(name).append(" SET ");
    for (int k = 0; k < set.size(); k++) {
      Column c = column(set.get(k));
      if (k > 0) sql.append(", ");
      sql.append(c.name()).append(" = $").append(k + 2);
    }
    return sql.append(" WHERE ").append(columns.get(0).name()).append(" = $1").toString();
  }

  /** The parameters of {@link #updateByKey}: the row's key, then the {@code set} columns' values. */
  Tuple updateArgs(Object[] values, List<String> set) {
    Tuple t = Tuple.tuple().addValue(values[0]);
    for (String s : set) t.addValue(values[index(s)]);
    return t;
  }

  int index(String column) {
    for (int k = 0; k < columns.size(); k++) if (columns.get(k).name().equals(column)) return k;
    throw new IllegalArgumentException("no column " + column + " in " + name);
  }

  private Column column(String column) {
    return columns.get(index(column));
  }

  private static Object travel(Column c, Object v) {
    if (v == null) return null;
    return switch (c.type()) {
      case JSONB -> encode(v);
      case TEXT_ARRAY -> join(c, v);
      default -> v;
    };
  }

  private static String join(Column c, Object v) {
    List<?> elements = (List<?>) v;
    List<String> out = new ArrayList<>(elements.size());
    for (Object e : elements) {
      String s = e.toString();
      if (s.indexOf(ARRAY_SEPARATOR) >= 0) throw new IllegalArgumentException(c.name() + " holds U+001F: " + s);
      out.add(s);
    }
    return String.join(String.valueOf(ARRAY_SEPARATOR), out);
  }

  /** A JSON value as text (cast to jsonb in SQL); null stays null. */
  static String encode(Object v) {
    if (v == null) return null;
    if (v instanceof JsonObject o) return o.encode();
    if (v instanceof JsonArray a) return a.encode();
    return v.toString();
  }

  /** The text[] at position {@code k} of {@code r} as a list (empty for NULL). */
  static List<String> strings(Row r, int k) {
    String[] a = r.getArrayOfStrings(k);
    return a == null ? List.of() : List.of(a);
  }
}
