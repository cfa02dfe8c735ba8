package dev.scalingar.sampler;

/** A trajectory that ended this step: the engine frees its slot (its tokens so far still count). */
public record TrajectoryEnd(int trajectory, EndReason reason) {}
