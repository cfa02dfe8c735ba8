package dev.scalingar.worker;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The text of a failure for logs and {@code job.failed}: never null. A {@code TimeoutException}
 * from a future has no message, and once made the worker log "failed after sampling: null" and
 * build a failure event the schema refused; the exception's class then says what happened.
 */
public final class FailureMessage {

  private FailureMessage() {}

  public static String of(Throwable e) {
    Throwable t = e;
    // a future's wrapper says nothing of its own: describe what it wraps
    while ((t instanceof ExecutionException || t instanceof CompletionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    String message = t.getMessage();
    if (message != null && !message.isBlank()) {
      return message;
    }
    String name = t.getClass().getName();
    Throwable cause = t.getCause();
    return cause == null ? name : name + " (caused by " + of(cause) + ")";
  }
}
