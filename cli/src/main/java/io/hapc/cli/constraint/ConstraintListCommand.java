package io.hapc.cli.constraint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.hapc.cli.daemon.DaemonReadOptions;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Constraint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `hapc constraint list` (also `config`, `show`). */
@Command(
        name = "list",
        aliases = {"config", "show"},
        mixinStandardHelpOptions = true,
        description = "List the constraints with their ids.")
public final class ConstraintListCommand implements Callable<Integer> {
    private static final ObjectMapper FIELDS = new ObjectMapper().registerModule(new Jdk8Module());

    @Mixin
    DaemonReadOptions read;

    @Option(names = "--full", description = "Accepted for pcs compatibility: ids are always shown.")
    boolean full;

    @Override
    public Integer call() {
        return list(read);
    }

    static int list(DaemonReadOptions read) {
        Cib cib = read.daemon().fetch().cib();
        read.print(() -> json(cib), () -> ConstraintText.text(cib));
        return 0;
    }

    /** Each constraint as its CIB fields, with "type": location, colocation, order or ticket. */
    public static List<Map<String, Object>> json(Cib cib) {
        return cib.constraints().stream()
                .map(c -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put(
                            "type",
                            c instanceof Constraint.Location
                                    ? "location"
                                    : c instanceof Constraint.Colocation
                                            ? "colocation"
                                            : c instanceof Constraint.Ticket ? "ticket" : "order");
                    @SuppressWarnings("unchecked")
                    Map<String, Object> fields = FIELDS.convertValue(c, Map.class);
                    m.putAll(fields);
                    return m;
                })
                .toList();
    }
}
