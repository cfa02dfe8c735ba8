package dev.scalingar.model;

/**
 * A weights file that cannot be used: missing, truncated, corrupt, or for another configuration.
 */
public final class WeightsFileException extends IllegalStateException {
  public WeightsFileException(String message) {
    super(message);
  }

  public WeightsFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
