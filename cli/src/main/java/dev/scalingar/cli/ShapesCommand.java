package dev.scalingar.cli;

import dev.scalingar.cli.shapes.CheckCommand;
import dev.scalingar.cli.shapes.CodebookCommand;
import dev.scalingar.cli.shapes.DetokenizeCommand;
import dev.scalingar.cli.shapes.EvalCommand;
import dev.scalingar.cli.shapes.NormaliseCommand;
import dev.scalingar.cli.shapes.PromptsCommand;
import dev.scalingar.cli.shapes.RenderCommand;
import dev.scalingar.cli.shapes.TokenizeCommand;
import picocli.CommandLine.Command;

/**
 * ShapesWorld tools: render, eval, check, tokenize, detokenize, plus the codebook, the prompt sets
 * and the normal form of typed prompts.
 */
@Command(
    name = "shapes",
    mixinStandardHelpOptions = true,
    description =
        "ShapesWorld tools: render prompts, judge images with ShapesEval, tokenize images.",
    subcommands = {
      RenderCommand.class,
      EvalCommand.class,
      CheckCommand.class,
      TokenizeCommand.class,
      DetokenizeCommand.class,
      PromptsCommand.class,
      NormaliseCommand.class,
      CodebookCommand.class
    })
public final class ShapesCommand {}
