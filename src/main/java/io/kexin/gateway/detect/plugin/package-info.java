/** Loads detector plugins from jars, each in its own class loader, and runs their detectors under a time budget. */
package io.kexin.gateway.detect.plugin;
