/**
 * Finds invisible and deceptive text: Unicode tag characters, bidirectional overrides, zero-width characters hidden
 * inside words, and words mixing Latin with Cyrillic or Greek look-alikes. Hand-written: it is core detection.
 */
package io.kexin.gateway.detect.invisible;
