/**
 * The image tokenizer: 4×4 pixel patches of a 64×64 image quantised against a k-means {@link
 * dev.scalingar.shapes.tokenizer.Codebook} (a 16×16 grid of tokens, raster order), and the decoder
 * that pastes codebook patches back. The codebook ships as a versioned resource that {@link
 * dev.scalingar.shapes.tokenizer.CodebookTrainer} reproduces byte for byte.
 */
package dev.scalingar.shapes.tokenizer;
