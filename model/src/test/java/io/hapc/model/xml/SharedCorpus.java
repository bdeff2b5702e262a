package io.hapc.model.xml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The shared Pacemaker scheduler cases (`../shared/pcmk-scheduler`), located via the `hapc.shared.dir` property. */
final class SharedCorpus {
    private SharedCorpus() {}

    static Path dir() {
        Path shared = Path.of(System.getProperty("hapc.shared.dir", "/work/shared"));
        Path cases = shared.resolve("pcmk-scheduler");
        return Files.isDirectory(cases) ? cases : Path.of("/work/shared/pcmk-scheduler");
    }

    static Path file(String feature, String name) {
        return dir().resolve(feature).resolve(name + ".xml");
    }

    static List<Path> xmlFiles() {
        try (Stream<Path> files = Files.walk(dir())) {
            return files.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
