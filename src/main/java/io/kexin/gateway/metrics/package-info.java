/** Records the gateway's Prometheus metrics; one registry, injected where it is needed. */
package io.kexin.gateway.metrics;
