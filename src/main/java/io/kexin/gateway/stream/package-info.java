/** Decodes and encodes server-sent events and inspects streamed responses. */
package io.kexin.gateway.stream;
