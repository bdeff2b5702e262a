package io.hapc.admin;

import java.util.ArrayList;
import java.util.List;

/** What one edit has to say besides the new CIB: a one-line message and warnings. Lives for one apply call. */
final class Notes {
    private final List<String> warnings = new ArrayList<>();
    private String message = "";

    void warn(String warning) {
        warnings.add(warning);
    }

    List<String> warnings() {
        return warnings;
    }

    void message(String text) {
        message = text;
    }

    String message() {
        return message;
    }
}
