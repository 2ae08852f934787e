/** Normalizes text for matching, with an offset map back to the original. */
package io.kexin.gateway.text;
