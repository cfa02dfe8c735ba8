/**
 * The {@code ./scalingar shapes ...} subcommands: thin picocli shells over the ShapesWorld module.
 * Each turns bad input into one readable line on stderr and a non-zero exit code.
 */
package dev.scalingar.cli.shapes;
