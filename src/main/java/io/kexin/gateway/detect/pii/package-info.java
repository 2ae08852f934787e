/**
 * Finds personal data with hand-written detectors and validators, the core of the product: one recognizer per
 * entity (candidate patterns, a validator answering VALID, INVALID or UNKNOWN, context words in Chinese and
 * English) fed by one shared pass over the text; no regular expressions.
 */
package io.kexin.gateway.detect.pii;
