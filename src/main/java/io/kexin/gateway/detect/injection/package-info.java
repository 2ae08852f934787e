/** Finds prompt injection and jailbreak attempts in English and Chinese with scored, linear-time heuristics. */
package io.kexin.gateway.detect.injection;
