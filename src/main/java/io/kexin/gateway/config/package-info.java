/** Loads the gateway configuration: records, strict YAML binding, {@code ${ENV}} substitution, file:line:col errors. */
package io.kexin.gateway.config;
