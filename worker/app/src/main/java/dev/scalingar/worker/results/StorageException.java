package dev.scalingar.worker.results;

/**
 * Storage did not take an object. {@link Kind} says why, which is all {@code Failures} needs to
 * sort it: an outage is waited out, a refusal is not.
 */
public final class StorageException extends RuntimeException {

  /** Why storage did not take the object. */
  public enum Kind {
    /** Unreachable, 5xx or 429 until the retry deadline passed (or the wait was interrupted). */
    UNAVAILABLE,
    /**
     * Our credentials or permissions are refused (401/403): no job can be stored by this worker.
     */
    DENIED,
    /**
     * This request is refused (another 4xx): this job's objects will not be taken, other jobs' may.
     */
    REFUSED
  }

  private final Kind kind;

  public StorageException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
