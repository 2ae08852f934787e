/**
 * Asks external services to judge a text: guard models (Llama Guard, Qwen3Guard, ShieldGemma, a moderation endpoint)
 * and http detection services.
 */
package io.kexin.gateway.detect.guard;
