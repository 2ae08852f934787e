/** Parses the command line and wires the gateway together; the only place that creates long-lived objects. */
package io.kexin.gateway.cli;
