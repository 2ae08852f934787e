/** Trains and evaluates the content-safety classifier on the labelled public data sets and the repository's own cases. */
package io.kexin.gateway.train;
