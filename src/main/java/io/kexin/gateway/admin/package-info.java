/** Serves the admin listener: liveness, readiness, Prometheus metrics, version, scan and the policy API. */
package io.kexin.gateway.admin;
