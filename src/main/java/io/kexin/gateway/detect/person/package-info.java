/** Finds personal names in running prose, English and other Latin-script names and Chinese names, by hand-written lists and cues. */
package io.kexin.gateway.detect.person;
