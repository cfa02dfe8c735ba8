package dev.scalingar.worker.results;

/** The five objects a finished job leaves in storage (docs/design.md "Object layout"). */
public record JobArtifacts(
    byte[] imagePng,
    byte[] traceJson,
    byte[] confidencePng,
    byte[] candidatesPng,
    byte[] manifestJson) {}
