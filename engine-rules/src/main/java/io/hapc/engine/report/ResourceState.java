package io.hapc.engine.report;

import io.hapc.model.cib.Role;

/** Where one primitive is active, in which role, and whether it is failed or unmanaged there. */
public record ResourceState(String node, Role role, boolean failed, boolean unmanaged) {}
