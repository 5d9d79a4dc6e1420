package io.computecluster.client;

import picocli.CommandLine.Option;

/**
 * {@code -h}/{@code --help} and {@code --version}, a picocli mixin shared by every verb; the
 * command names {@code versionProvider = Version.class}.
 */
final class HelpOptions {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--version", versionHelp = true, description = "Print the version and exit.")
    boolean version;
}
