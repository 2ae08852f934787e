/** Authenticates clients by their virtual key and maps them to a tenant. */
package io.kexin.gateway.tenant;
