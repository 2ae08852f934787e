/**
 * Defines the detector plugin SPI, version 1: the only gateway types a plugin sees. Stable: later versions only add
 * default methods and factory methods, so a plugin built against version 1 keeps loading.
 */
package io.kexin.gateway.plugin;
