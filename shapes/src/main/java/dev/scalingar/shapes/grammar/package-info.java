/**
 * The ShapesWorld grammar: shapes, colours, counts and relations; the normaliser that maps a prompt
 * as people type it onto the grammar's words; the parser that turns a prompt into a {@link
 * dev.scalingar.shapes.grammar.PromptSpec}; the writer that turns a spec back into a prompt; and
 * the fixed word {@link dev.scalingar.shapes.grammar.Vocabulary} of the model's prefix.
 */
package dev.scalingar.shapes.grammar;
