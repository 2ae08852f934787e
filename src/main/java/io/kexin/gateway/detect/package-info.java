/** Defines the detector contract; one sub-package per detector family. */
package io.kexin.gateway.detect;
