/**
 * ShapesEval, the exact judge. {@link dev.scalingar.shapes.eval.SceneReader} reads objects back
 * from pixels only (palette segmentation, connected components, template matching of shapes,
 * centroids); {@link dev.scalingar.shapes.eval.ShapesEval} judges a prompt's clauses against them
 * with GenEval's rules and says why an image failed.
 */
package dev.scalingar.shapes.eval;
