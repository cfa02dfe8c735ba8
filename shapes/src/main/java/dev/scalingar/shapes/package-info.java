/**
 * ShapesWorld and ShapesEval: a small, fully synthetic text-to-image world (coloured shapes on a
 * 64×64 canvas, prompts from a fixed grammar) with an exact judge, standing in for GenEval.
 *
 * <ul>
 *   <li>{@code grammar}: words, the parser (prompt → {@link
 *       dev.scalingar.shapes.grammar.PromptSpec}) and the fixed word vocabulary the model's text
 *       prefix uses;
 *   <li>{@code render}: the renderer (spec + seed → image) and PNG input/output;
 *   <li>{@code tokenizer}: the k-means patch codebook, image ↔ token grid;
 *   <li>{@code eval}: the scorer (image → detected objects → verdict), GenEval's rules;
 *   <li>{@code prompts}: the frozen evaluation and dev sets and the training sampler.
 * </ul>
 *
 * <p>JDK only (javax.imageio for PNG): no third-party runtime dependency.
 */
package dev.scalingar.shapes;
