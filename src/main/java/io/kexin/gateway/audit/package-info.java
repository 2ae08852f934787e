/**
 * Records inspection decisions: the policy metrics, and one JSON audit line per decision written off the event loop
 * to the configured sink, never the protected text.
 */
package io.kexin.gateway.audit;
