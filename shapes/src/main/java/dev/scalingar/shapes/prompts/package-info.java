/**
 * The prompts: the frozen, versioned evaluation set (about 300 prompts over the six tasks), the dev
 * set, and the seeded sampler of the training distribution.
 */
package dev.scalingar.shapes.prompts;
