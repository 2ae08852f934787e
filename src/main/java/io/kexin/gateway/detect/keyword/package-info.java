/** Finds terms of keyword lists in normalized text with a hand-written Aho–Corasick automaton. */
package io.kexin.gateway.detect.keyword;
