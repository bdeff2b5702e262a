package io.hapc.engine;
public record Probe(String name) {}
