package dev.scalingar.cli;

import picocli.CommandLine.Command;

/** ShapesWorld tools: render, eval, check, tokenize, detokenize. (Subcommands land with issue 5.) */
@Command(name = "shapes", mixinStandardHelpOptions = true, description = "ShapesWorld tools.")
public final class ShapesCommand {}
