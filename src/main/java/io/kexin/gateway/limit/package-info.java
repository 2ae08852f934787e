/** Counts what tenants use (requests, tokens, concurrency, cost) against their limits, locally or in Redis. */
package io.kexin.gateway.limit;
