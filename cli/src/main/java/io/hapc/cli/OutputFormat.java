package io.hapc.cli;

/** `--output text|json`. */
public enum OutputFormat {
    text,
    json
}
