package io.hapc.admin.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.hapc.admin.CibEdit;
import java.util.List;

/**
 * What the CLI asks of the local daemon, one JSON line per connection. Reads are answered by the
 * local daemon from its copy of the CIB; edits, fencing and stops are forwarded to the DC.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = AdminRequest.GetCib.class, name = "get-cib"),
    @JsonSubTypes.Type(value = AdminRequest.Edit.class, name = "edit"),
    @JsonSubTypes.Type(value = AdminRequest.Fence.class, name = "fence"),
    @JsonSubTypes.Type(value = AdminRequest.StopNodes.class, name = "stop-nodes"),
    @JsonSubTypes.Type(value = AdminRequest.DaemonInfo.class, name = "daemon-info"),
    @JsonSubTypes.Type(value = AdminRequest.GetWarnings.class, name = "get-warnings"),
    @JsonSubTypes.Type(value = AdminRequest.GetAvailability.class, name = "get-availability"),
    @JsonSubTypes.Type(value = AdminRequest.SetPassword.class, name = "set-password"),
    @JsonSubTypes.Type(value = AdminRequest.RevokeTokens.class, name = "revoke-tokens"),
    @JsonSubTypes.Type(value = AdminRequest.HostState.class, name = "host-state"),
    @JsonSubTypes.Type(value = AdminRequest.PushSetup.class, name = "push-setup"),
    @JsonSubTypes.Type(value = AdminRequest.StartHost.class, name = "start-host"),
    @JsonSubTypes.Type(value = AdminRequest.BootStart.class, name = "boot-start"),
    @JsonSubTypes.Type(value = AdminRequest.DestroyHost.class, name = "destroy-host"),
    @JsonSubTypes.Type(value = AdminRequest.GetSetup.class, name = "get-setup"),
    @JsonSubTypes.Type(value = AdminRequest.SetClusterNodes.class, name = "set-cluster-nodes"),
    @JsonSubTypes.Type(value = AdminRequest.CheckpointList.class, name = "checkpoint-list"),
    @JsonSubTypes.Type(value = AdminRequest.CheckpointGet.class, name = "checkpoint-get"),
})
public sealed interface AdminRequest {
    /** Whether it may change something (audited; its outcome matters when no answer comes); reads change nothing. */
    default boolean isChange() {
        return !(this instanceof GetCib
                || this instanceof DaemonInfo
                || this instanceof GetWarnings
                || this instanceof HostState
                || this instanceof CheckpointList
                || this instanceof CheckpointGet);
    }

    /** The newest CIB this daemon knows (XML), with the DC's name. */
    record GetCib() implements AdminRequest {}

    /**
     * The CIB checkpoints this node keeps (`hapc config checkpoint`), oldest first: JSON in the reply's
     * message, `[{"number","date","adminEpoch","epoch"}, …]`.
     */
    record CheckpointList() implements AdminRequest {}

    /** Checkpoint `number` of this node's history: its CIB (configuration, empty status) as the reply's CIB. */
    record CheckpointGet(int number) implements AdminRequest {}

    /** One configuration or status change, applied and validated by the DC, committed or refused whole. */
    record Edit(CibEdit edit) implements AdminRequest {}

    /** Fence a node now (`hapc stonith fence NODE`), through the DC's fencer. */
    record Fence(String node, String action) implements AdminRequest {}

    /** Clean shutdown of these nodes (`hapc cluster stop`): resources moved off first, then the daemons exit. */
    record StopNodes(List<String> nodes) implements AdminRequest {}

    /** This daemon's identity: node name, pid, DC, connection state. */
    record DaemonInfo() implements AdminRequest {}

    /**
     * The warnings of the DC's last decision (the rules' own, and why admin rules are set aside when
     * they are), answered by the DC, one per line of the reply's message. The CLI never runs rules.
     */
    record GetWarnings() implements AdminRequest {}

    /** Per resource, the availability this daemon measured (JSON in the reply's message), for `hapc status --availability`. */
    record GetAvailability() implements AdminRequest {}

    /**
     * Sets `user`'s password in this node's hapc password store (`hapc host set-password`), which
     * `hapc host auth` checks. Only over the local socket: a password is set on the node itself.
     */
    record SetPassword(String user, String password) implements AdminRequest {
        @Override
        public String toString() {
            return "SetPassword[user=" + user + ", password=(hidden)]";
        }
    }

    /** Revokes every token this node's admin service issued (`hapc host revoke-tokens`); local socket only. */
    record RevokeTokens() implements AdminRequest {}

    // ---- the host's own cluster membership (`hapc cluster setup|start|enable|disable|destroy` across hosts) ----

    /**
     * Whether this hapcd runs in a cluster or waits for one (started without a cluster
     * configuration: only its admin service and socket), with the cluster's name and nodes.
     * The reply's message is JSON: {@code {"node","state":"running|waiting","cluster","nodes":[…]}}.
     */
    record HostState() implements AdminRequest {}

    /**
     * `hapc cluster setup` pushing one node's configuration: the cluster's name, its nodes, the
     * transport lines of hapcd.conf ({@code transport=…}, {@code zookeeper.connect=…},
     * {@code heartbeat.*}) and the secret. The node writes hapcd.conf and authkey beside its
     * configuration file (0600), after checking them as hapcd will read them; only while it waits.
     */
    record PushSetup(String clusterName, List<String> nodes, List<String> settings, String secret, boolean force)
            implements AdminRequest {
        public PushSetup {
            nodes = List.copyOf(nodes);
            settings = List.copyOf(settings);
        }

        @Override
        public String toString() {
            return "PushSetup[cluster=" + clusterName + ", nodes=" + nodes + ", settings=" + settings
                    + ", secret=(hidden)]";
        }
    }

    /** `hapc cluster start NODE|--all` through the admin service: a waiting hapcd joins its cluster. */
    record StartHost() implements AdminRequest {}

    /** `hapc cluster enable|disable NODE|--all`: hapcd started at boot or not (systemd), on the node that gets it. */
    record BootStart(boolean enable) implements AdminRequest {}

    /**
     * `hapc cluster destroy`: removes the cluster's configuration (hapcd.conf, authkey) and state
     * (the CIB, journals) from a node that does not run in a cluster; its admin identity,
     * passwords and tokens stay, as pcsd's do.
     */
    record DestroyHost() implements AdminRequest {}

    /**
     * The cluster's configuration as this node has it, secret included, for `hapc cluster node add`
     * to push to a new node: the reply's message is the JSON of a {@link PushSetup} (force false).
     */
    record GetSetup() implements AdminRequest {}

    /** `cluster node add|remove`: the cluster.nodes line of this node's hapcd.conf (what `--all` means), nothing else. */
    record SetClusterNodes(List<String> nodes) implements AdminRequest {
        public SetClusterNodes {
            nodes = List.copyOf(nodes);
        }
    }
}
