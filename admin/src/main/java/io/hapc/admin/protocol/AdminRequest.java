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
})
public sealed interface AdminRequest {
    /** The newest CIB this daemon knows (XML), with the DC's name. */
    record GetCib() implements AdminRequest {}

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
}
