package io.hapc.admin;

/** One change to the CIB made by an admin command (placeholder: the edits are being written). */
public interface CibEdit {}
