/**
 * The renderer: a {@link dev.scalingar.shapes.grammar.PromptSpec} and a seed become a 64×64 RGB
 * image with the objects placed at random, not overlapping, and any relation satisfied with a clear
 * margin; plus the image value type and PNG input/output.
 */
package dev.scalingar.shapes.render;
