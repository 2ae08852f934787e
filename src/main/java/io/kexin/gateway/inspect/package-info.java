/** Inspects one exchange: segments in, decision out; rewrites text by redacting, masking, pseudonymizing and restoring. */
package io.kexin.gateway.inspect;
