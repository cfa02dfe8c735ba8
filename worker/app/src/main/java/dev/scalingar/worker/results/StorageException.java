package dev.scalingar.worker.results;

/** Storage stayed unavailable through every retry; the job fails with reason storage_error. */
public final class StorageException extends RuntimeException {
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
