package io.hapc.daemon.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.admin.protocol.ProtocolJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Every admin request passes here, from the local socket and from the admin service alike: the
 * requests about the admin service itself (passwords, tokens) are answered here, local callers
 * only; the rest go to the daemon; every change is written to the audit log with its outcome.
 */
public final class AdminGate {
    private static final List<String> NAMING_FIELDS = List.of(
            "id",
            "ids",
            "resource",
            "resources",
            "group",
            "node",
            "nodes",
            "name",
            "names",
            "first",
            "then",
            "withResource");

    private final Function<AdminRequest, CompletableFuture<AdminReply>> daemon;
    private final PasswordStore passwords;
    private final TokenStore tokens;
    private final AuditLog audit;
    private final Function<AdminRequest, AdminReply> host;
    private final io.hapc.admin.acl.AccessControl acl = io.hapc.admin.acl.AccessControl.standard();
    private final ObjectMapper json = ProtocolJson.mapper();

    public AdminGate(
            Function<AdminRequest, CompletableFuture<AdminReply>> daemon,
            PasswordStore passwords,
            TokenStore tokens,
            AuditLog audit) {
        this(
                daemon,
                passwords,
                tokens,
                audit,
                r -> AdminReply.failure(3, "this hapcd does not manage its own cluster membership"));
    }

    /** With `host`: the requests about this host's own membership (setup, start, boot, destroy; {@code HostSetup}). */
    public AdminGate(
            Function<AdminRequest, CompletableFuture<AdminReply>> daemon,
            PasswordStore passwords,
            TokenStore tokens,
            AuditLog audit,
            Function<AdminRequest, AdminReply> host) {
        this.host = host;
        this.daemon = daemon;
        this.passwords = passwords;
        this.tokens = tokens;
        this.audit = audit;
    }

    public AuditLog audit() {
        return audit;
    }

    /**
     * A caller who is not always full (root, hacluster, hapcd's user) is checked against the CIB's
     * ACLs first, when enable-acl is true: a refusal names the role and the permission missing, is
     * audited, and leaves the cluster untouched.
     */
    public CompletableFuture<AdminReply> handle(AdminRequest request, Caller caller) {
        if (acl.alwaysFull(caller.user())) return admitted(request, caller);
        return daemon.apply(new AdminRequest.GetCib()).thenCompose(r -> {
            Optional<String> refusal = Optional.empty();
            if (r != null && r.ok() && r.cibXml().isPresent()) {
                try {
                    refusal = acl.refusal(
                            io.hapc.model.xml.CibXmlReader.read(r.cibXml().get(), "the CIB"), caller.user(), request);
                } catch (io.hapc.model.cib.CibFormatException | RuntimeException e) {
                    refusal = Optional.of(
                            "permission check impossible: this node's CIB is unreadable (" + e.getMessage() + ")");
                }
            }
            if (refusal.isEmpty()) return admitted(request, caller);
            audit.refused(caller, describe(request), refusal.get());
            return CompletableFuture.completedFuture(AdminReply.failure(PERMISSION_DENIED, refusal.get()));
        });
    }

    /** The CLI's exit code for a request refused by the ACLs. */
    public static final int PERMISSION_DENIED = 6;

    private CompletableFuture<AdminReply> admitted(AdminRequest request, Caller caller) {
        String what = describe(request);
        if (request instanceof AdminRequest.SetPassword || request instanceof AdminRequest.RevokeTokens) {
            AdminReply r = caller.isLocal()
                    ? serviceRequest(request)
                    : AdminReply.failure(
                            3,
                            what
                                    + " is only accepted on the node itself (its local socket), not through the admin service");
            log(caller, what, r);
            return CompletableFuture.completedFuture(r);
        }
        if (isHostRequest(request)) {
            AdminReply r = host.apply(request);
            if (request.isChange()) log(caller, what, r);
            return CompletableFuture.completedFuture(r);
        }
        CompletableFuture<AdminReply> reply = daemon.apply(request);
        if (!request.isChange()) return reply;
        return reply.whenComplete((r, err) -> {
            if (r != null) log(caller, what, r);
            else audit.refused(caller, what, "hapcd failed: " + err);
        });
    }

    private AdminReply serviceRequest(AdminRequest request) {
        try {
            if (request instanceof AdminRequest.SetPassword s) {
                passwords.set(s.user(), s.password());
                return AdminReply.success(
                        "Password of '" + s.user() + "' set in " + passwords.file() + " (hapc host auth checks it)");
            }
            int n = tokens.revokeAll();
            return AdminReply.success("Revoked " + n + (n == 1 ? " token" : " tokens")
                    + ": every client must run `hapc host auth` again");
        } catch (IllegalArgumentException e) {
            return AdminReply.failure(3, e.getMessage());
        } catch (IOException e) {
            return AdminReply.failure(5, "cannot write: " + e.getMessage());
        }
    }

    private void log(Caller caller, String what, AdminReply r) {
        if (r.ok()) audit.accepted(caller, what);
        else audit.refused(caller, what, r.message());
    }

    static boolean isHostRequest(AdminRequest r) {
        return r instanceof AdminRequest.HostState
                || r instanceof AdminRequest.PushSetup
                || r instanceof AdminRequest.StartHost
                || r instanceof AdminRequest.BootStart
                || r instanceof AdminRequest.DestroyHost
                || r instanceof AdminRequest.GetSetup
                || r instanceof AdminRequest.SetClusterNodes;
    }

    /** What a request is, for the audit log: its kind and what it names, never its values (they may be secrets). */
    String describe(AdminRequest request) {
        JsonNode tree = json.valueToTree(request);
        StringBuilder b = new StringBuilder(tree.path("type").asText("?"));
        JsonNode fields = request instanceof AdminRequest.Edit ? tree.path("edit") : tree;
        if (request instanceof AdminRequest.Edit)
            b.append(' ').append(fields.path("edit").asText("?"));
        for (String f : NAMING_FIELDS) {
            JsonNode v = fields.get(f);
            if (v == null || v.isNull()) continue;
            if (v.isTextual()) b.append(' ').append(f).append('=').append(v.asText());
            if (v.isArray() && !v.isEmpty()) {
                List<String> items = new ArrayList<>();
                v.forEach(i -> items.add(i.asText()));
                b.append(' ').append(f).append('=').append(String.join(",", items));
            }
        }
        if (request instanceof AdminRequest.SetPassword s) b.append(" user=").append(s.user());
        if (request instanceof AdminRequest.StopNodes s && s.nodes().isEmpty()) b.append(" nodes=all");
        if (request instanceof AdminRequest.Fence f) b.append(" action=").append(f.action());
        if (request instanceof AdminRequest.PushSetup p) b.append(" cluster=").append(p.clusterName());
        if (request instanceof AdminRequest.BootStart bs) b.append(bs.enable() ? " enable" : " disable");
        if (request instanceof AdminRequest.Edit e && e.edit() instanceof io.hapc.admin.CibEdit.CheckpointRestore cr) {
            b.append(" checkpoint=").append(cr.checkpoint());
        }
        JsonNode values = fields.get("values");
        if (values != null && values.isObject()) {
            List<String> names = new ArrayList<>();
            values.fieldNames().forEachRemaining(names::add);
            b.append(" names=").append(String.join(",", names));
        }
        return b.toString();
    }
}
