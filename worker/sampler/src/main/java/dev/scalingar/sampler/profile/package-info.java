/**
 * Profile level (docs/algorithm.md "Profile level"): the confidence state of one trajectory,
 * updated once per step from its guided distribution and its conditional/unconditional logits. Pure
 * arithmetic over arrays; no randomness, no I/O.
 */
package dev.scalingar.sampler.profile;
