package dev.scalingar.model.calibration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalingar.sampler.profile.Calibration;
import dev.scalingar.sampler.profile.Feature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A calibration as shipped beside the weights it was fitted for ({@code <model>.calibration.json}):
 * plain JSON data, read into the sampler's {@link Calibration}; nothing in it is executed. The
 * worker loads it with the model and refuses one made for other weights.
 *
 * @param format {@value #FORMAT}
 * @param id the calibration's name in traces
 * @param model the model name it was fitted for
 * @param weightsSha256 the SHA-256 of that model's tensor data (the weights file's {@code sha256})
 * @param features feature keys ({@link Feature#key()})
 * @param jobRelative features are read relative to the job's live trajectories ({@link
 *     Calibration#jobRelative()})
 * @param fittedOn what it was fitted on: set, prompts, n, seed, the steps sampled, the ridge
 * @param devAuc within-job AUC of its C on the fitting set, per prefix of L
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CalibrationFile(
    String format,
    String id,
    String model,
    @JsonProperty("weights_sha256") String weightsSha256,
    List<String> features,
    List<Double> center,
    List<Double> scale,
    List<Double> coefficients,
    double intercept,
    @JsonProperty("job_relative") boolean jobRelative,
    @JsonProperty("fitted_on") Map<String, Object> fittedOn,
    @JsonProperty("dev_auc") Map<String, Double> devAuc) {

  public static final String FORMAT = "scalingar-calibration-v1";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  public CalibrationFile {
    if (!FORMAT.equals(format)) {
      throw new CalibrationException(
          "not a calibration file of format " + FORMAT + " (format: " + format + ")");
    }
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(weightsSha256, "weights_sha256");
    features = List.copyOf(features);
  }

  /** The sampler's calibration (validated: lengths, finite numbers, known features). */
  public Calibration calibration() {
    try {
      return new Calibration(
          id,
          weightsSha256,
          features.stream().map(Feature::fromKey).toList(),
          center,
          scale,
          coefficients,
          intercept,
          jobRelative);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new CalibrationException("calibration " + id + " is invalid: " + e.getMessage(), e);
    }
  }

  /** "id (model, weights sha…)" for logs and reports. */
  public String describe() {
    return id
        + " ("
        + model
        + ", weights "
        + weightsSha256.substring(0, Math.min(12, weightsSha256.length()))
        + "…)";
  }

  /** Refuses a calibration made for other weights, naming both hashes. */
  public CalibrationFile requireFor(String modelName, String servedSha256) {
    if (!weightsSha256.equals(servedSha256)) {
      throw new CalibrationException(
          "calibration "
              + id
              + " was fitted for "
              + model
              + " weights "
              + weightsSha256
              + ", but the served "
              + modelName
              + " weights are "
              + servedSha256
              + "; run ./scalingar calibrate for them");
    }
    return this;
  }

  public static CalibrationFile read(InputStream in, String name) {
    try {
      CalibrationFile file = JSON.readValue(in, CalibrationFile.class);
      file.calibration(); // validate now, with the file's name in the message
      return file;
    } catch (CalibrationException e) {
      throw new CalibrationException(name + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new CalibrationException(name + " is not a readable calibration: " + e.getMessage(), e);
    }
  }

  public static CalibrationFile read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    } catch (IOException e) {
      throw new CalibrationException("cannot read calibration " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes atomically (temporary file, then rename). */
  public void write(Path file) {
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), this);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The class-path resource of a model's shipped calibration. */
  public static String resourceFor(String model) {
    return "/dev/scalingar/model/" + model + ".calibration.json";
  }

  /**
   * The model's shipped calibration, checked against the served weights; empty when none is
   * shipped.
   */
  public static Optional<CalibrationFile> shippedFor(String model, String servedSha256) {
    String resource = resourceFor(model);
    try (InputStream in = CalibrationFile.class.getResourceAsStream(resource)) {
      if (in == null) return Optional.empty();
      return Optional.of(read(in, resource).requireFor(model, servedSha256));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code explicit} if given (checked against the weights), else the shipped one, else none. */
  public static Optional<CalibrationFile> forModel(
      String model, String servedSha256, Path explicit) {
    if (explicit != null) return Optional.of(read(explicit).requireFor(model, servedSha256));
    return shippedFor(model, servedSha256);
  }
}
