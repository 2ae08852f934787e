/** Runs the built-in demo model: a small OpenAI- and Anthropic-compatible server on loopback that echoes prompts. */
package io.kexin.gateway.demo;
