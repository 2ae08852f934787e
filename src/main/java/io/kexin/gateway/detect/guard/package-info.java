/** Asks an external guard model (Llama Guard, Qwen3Guard, ShieldGemma or a moderation endpoint) to judge a text. */
package io.kexin.gateway.detect.guard;
