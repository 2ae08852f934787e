/**
 * Names the pieces of content an exchange carries and what may become of them: who wrote a text, where it lives in
 * a body, its replacement, the action on a finding. A leaf: shared by the adapters, the policies, the inspection
 * and the streams, it depends on none of them.
 */
package io.kexin.gateway.content;
