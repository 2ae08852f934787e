/** Adapts each LLM API schema: where text lives in requests and responses, and how its errors look. */
package io.kexin.gateway.provider;
