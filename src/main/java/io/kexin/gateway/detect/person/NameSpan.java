package io.kexin.gateway.detect.person;

/** Holds one name found: its span in the text, its score and what made it, never the name itself. */
record NameSpan(int start, int end, double score, String explanation) {}
