package io.hapc.engine.rules;

import java.util.List;
import java.util.stream.Collectors;

/** Rule files that do not compile: every problem with file, line and column. The running rules are untouched. */
public final class RuleCompilationException extends Exception {
    private final List<Problem> problems;

    public RuleCompilationException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    public record Problem(String file, int line, int column, String message) {
        @Override
        public String toString() {
            return file + ":" + line + ":" + column + ": " + message;
        }
    }
}
