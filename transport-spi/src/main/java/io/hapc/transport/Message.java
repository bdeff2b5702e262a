package io.hapc.transport;

/** A point-to-point message between daemons: action requests, results, admin requests and replies. */
public record Message(String from, String to, String type, String payload) {}
