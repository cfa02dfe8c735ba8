package dev.scalingar.worker;

/**
 * How finished jobs' artefacts are made and stored off the loop thread ({@link ArtifactPipeline}).
 *
 * @param threads SCALINGAR_ARTIFACT_THREADS (2): jobs encoded and uploaded at once; two, so one
 *     slow upload (a large object, a storage retry) does not hold every other finished job behind
 *     it
 * @param queue SCALINGAR_ARTIFACT_QUEUE (8): finished jobs waiting for a thread; when it is full
 *     the worker pauses intake (as for a full engine queue) until there is room, and the jobs that
 *     finish meanwhile wait in the loop's hand-off list, never dropped and never blocking the loop
 */
public record ArtifactSettings(int threads, int queue) {

  public static final ArtifactSettings DEFAULTS = new ArtifactSettings(2, 8);

  public ArtifactSettings {
    if (threads < 1 || queue < 1) {
      throw new IllegalArgumentException(
          "SCALINGAR_ARTIFACT_THREADS and SCALINGAR_ARTIFACT_QUEUE must be at least 1");
    }
  }
}
