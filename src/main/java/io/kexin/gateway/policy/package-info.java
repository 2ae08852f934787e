/** Loads policy files (strict YAML specs), compiles them into immutable rule sets, and checks their examples. */
package io.kexin.gateway.policy;
