/** Scores text with a trained linear model over hashed character n-grams and words, per risk category. */
package io.kexin.gateway.detect.classifier;
