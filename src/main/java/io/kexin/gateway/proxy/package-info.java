/** Serves clients and calls upstreams over Netty: one class per role (initializer, handlers, connector, relays). */
package io.kexin.gateway.proxy;
