/** Scores the policies against labelled texts and converts public data sets into that labelled format. */
package io.kexin.gateway.eval;
