package io.hapc.transport;

import io.hapc.model.cib.CibVersion;

/**
 * The replicated CIB as the transport holds it: the XML document, its CIB version
 * (admin_epoch/epoch/num_updates) and the store's own revision used for compare-and-set.
 */
public record StoredCib(String xml, CibVersion version, long revision, String writtenBy, long dcEpoch) {}
