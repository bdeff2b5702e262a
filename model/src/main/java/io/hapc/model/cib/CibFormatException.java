package io.hapc.model.cib;

/** A CIB document that cannot be loaded: names where (line, element, attribute) and what is wrong. */
public class CibFormatException extends Exception {
    private final int line;

    public CibFormatException(String message, int line) {
        super(line > 0 ? "line " + line + ": " + message : message);
        this.line = line;
    }

    /** "SOURCE: line N: message": where first, then what. */
    public CibFormatException(String source, String message, int line) {
        super(source + ": " + (line > 0 ? "line " + line + ": " : "") + message);
        this.line = line;
    }

    public CibFormatException(String message, int line, Throwable cause) {
        super(line > 0 ? "line " + line + ": " + message : message, cause);
        this.line = line;
    }

    public int line() {
        return line;
    }
}
