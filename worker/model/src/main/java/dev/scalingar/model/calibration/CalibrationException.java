package dev.scalingar.model.calibration;

/** A calibration file that cannot be used: unreadable, invalid, or made for other weights. */
public final class CalibrationException extends IllegalStateException {
  public CalibrationException(String message) {
    super(message);
  }

  public CalibrationException(String message, Throwable cause) {
    super(message, cause);
  }
}
