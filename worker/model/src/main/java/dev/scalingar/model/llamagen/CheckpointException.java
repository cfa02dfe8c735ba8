package dev.scalingar.model.llamagen;

/**
 * A checkpoint or converted file that cannot be used, said in one line: not a zip, truncated, a
 * pickle global we do not allow, a tensor missing or of the wrong shape.
 */
public final class CheckpointException extends IllegalArgumentException {
  public CheckpointException(String message) {
    super(message);
  }

  public CheckpointException(String message, Throwable cause) {
    super(message, cause);
  }
}
