/** Records inspection decisions: one audit line per decision and the policy metrics, never the protected text. */
package io.kexin.gateway.audit;
