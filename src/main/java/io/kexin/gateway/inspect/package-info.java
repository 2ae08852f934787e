/** Runs the per-exchange inspection: segments in, decision out; rewrites and restores text. No Netty types. */
package io.kexin.gateway.inspect;
