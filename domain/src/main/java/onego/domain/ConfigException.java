package onego.domain;

/** A configuration or catalog file that cannot be used: names the file, the path inside it and the problem. */
public final class ConfigException extends RuntimeException {
  private final String file;
  private final String path;
  private final String problem;

  public ConfigException(String file, String path, String problem) {
    super(file + (path.isEmpty() ? "" : " at " + path) + ": " + problem);
    this.file = file;
    this.path = path;
    this.problem = problem;
  }

  public String file() { return file; }
  public String path() { return path; }
  public String problem() { return problem; }
}
