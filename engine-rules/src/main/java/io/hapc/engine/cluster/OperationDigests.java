package io.hapc.engine.cluster;

import io.hapc.model.cib.Operation;
import io.hapc.model.cib.Status;
import io.hapc.model.cib.Status.OperationRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Mechanics of Pacemaker's operation digests: the parameters an operation runs with (the
 * resource's instance attributes for that node, the op's own instance attributes and, for a
 * recurring op, its timeout), sorted by name and written as one `parameters` element, hashed with
 * MD5 as the controller records them in op-digest / op-restart-digest. Comparing them with the
 * history says whether the definition changed since the operation ran.
 */
final class OperationDigests {
    private static final long DEFAULT_TIMEOUT_MS = 20_000;

    private OperationDigests() {}

    /**
     * What changed for one recorded operation, if anything. resourceParams: the resource's
     * instance attributes as they apply on the record's node. Records without op-digest (hapc's
     * own daemon records none) are taken as unchanged.
     */
    static Optional<DefinitionChange.Kind> compare(
            OperationRecord rec,
            Map<String, String> resourceParams,
            List<Operation> ops,
            Optional<Long> defaultTimeoutMs,
            boolean fencingDevice) {
        if (rec.opDigest().isEmpty()) return Optional.empty();
        Status.Digests recorded = rec.digests();
        Optional<Operation> config = ops.stream()
                .filter(o -> o.name().equals(rec.operation()) && o.intervalMs() == rec.intervalMs())
                .findFirst();
        if (rec.intervalMs() > 0 && config.isEmpty())
            return Optional.empty(); // an orphaned monitor is cancelled, not compared
        SortedMap<String, String> all = new TreeMap<>(resourceParams);
        Map<String, String> opParams = config.map(Operation::instanceAttributes).orElse(Map.of());
        all.putAll(opParams);
        if (rec.intervalMs() > 0) {
            long timeout = config.flatMap(Operation::timeoutMs)
                    .or(() -> defaultTimeoutMs)
                    .orElse(DEFAULT_TIMEOUT_MS);
            all.put("CRM_meta_timeout", Long.toString(timeout));
        }
        Optional<DefinitionChange.Kind> change = change(rec, all, opParams);
        // Secrets are masked in a saved CIB (passwd="****"): when what changed is only them, as the
        // secure digest shows, it is no change (as crm_simulate judges a sanitized CIB).
        if (change.isPresent()
                && recorded.secure().isPresent()
                && secureDigest(recorded, all, resourceParams, fencingDevice)
                        .equals(recorded.secure().get())) {
            return Optional.empty();
        }
        return change;
    }

    private static Optional<DefinitionChange.Kind> change(
            OperationRecord rec, SortedMap<String, String> all, Map<String, String> opParams) {
        Status.Digests recorded = rec.digests();
        if (recorded.restart().isPresent()) {
            SortedMap<String, String> restart = new TreeMap<>(all);
            recorded.forceRestart().ifPresent(list -> restart.keySet().retainAll(names(list)));
            if (!digest(restart).equals(recorded.restart().get())) return Optional.of(DefinitionChange.Kind.RESTART);
        }
        if (digest(all).equals(rec.opDigest().get())) return Optional.empty();
        // A one-time operation with parameters of its own restarts, so that they apply to it.
        if (rec.intervalMs() == 0 && !opParams.isEmpty()) return Optional.of(DefinitionChange.Kind.RESTART);
        if (rec.intervalMs() > 0) return Optional.empty(); // the monitor is re-scheduled with the new parameters
        return Optional.of(
                recorded.restart().isPresent() ? DefinitionChange.Kind.RELOAD : DefinitionChange.Kind.RESTART);
    }

    /**
     * The digest of the parameters without the secret ones. Recorded before feature set 3.16.0 it
     * covered the resource's parameters only, and for a fencing device not the fencer's own
     * pcmk_* parameters.
     */
    private static String secureDigest(
            Status.Digests recorded,
            SortedMap<String, String> all,
            Map<String, String> resourceParams,
            boolean fencingDevice) {
        boolean old =
                recorded.featureSet().map(v -> compareVersions(v, "3.16.0") < 0).orElse(true);
        SortedMap<String, String> secure = new TreeMap<>(old ? resourceParams : all);
        recorded.secureParams().ifPresent(list -> secure.keySet().removeAll(names(list)));
        if (old && fencingDevice) secure.keySet().removeIf(OperationDigests::fencerParameter);
        return digest(secure);
    }

    private static boolean fencerParameter(String name) {
        return name.startsWith("pcmk_") || name.equals("provides") || name.equals("stonith-timeout");
    }

    private static Set<String> names(String list) {
        return Arrays.stream(list.trim().split("\\s+"))
                .filter(n -> !n.isEmpty())
                .collect(Collectors.toSet());
    }

    private static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int xi = i < x.length ? parse(x[i]) : 0;
            int yi = i < y.length ? parse(y[i]) : 0;
            if (xi != yi) return Integer.compare(xi, yi);
        }
        return 0;
    }

    private static int parse(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** MD5 of ` <parameters a="1" b="2"/>` + newline, the form Pacemaker hashes. */
    static String digest(SortedMap<String, String> params) {
        StringBuilder sb = new StringBuilder(" <parameters");
        params.forEach((k, v) ->
                sb.append(' ').append(k).append("=\"").append(escape(v)).append('"'));
        sb.append("/>\n");
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("MD5")
                            .digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
    }

    private static String escape(String v) {
        StringBuilder sb = new StringBuilder(v.length());
        for (char c : v.toCharArray()) {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\n' -> sb.append("&#10;");
                case '\r' -> sb.append("&#13;");
                case '\t' -> sb.append("&#9;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
