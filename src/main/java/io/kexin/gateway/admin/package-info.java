/** Serves the admin listener: liveness, readiness, Prometheus metrics and version. */
package io.kexin.gateway.admin;
