package io.hapc.transport;

/**
 * Who the designated controller (DC) is, and its leadership epoch. Every DC write carries the
 * epoch; the transport refuses writes whose epoch is no longer the current one.
 */
public record Leadership(String dc, long epoch) {}
