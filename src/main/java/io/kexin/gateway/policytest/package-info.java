/** Runs golden policy test suites ({@code policies/tests/*.yaml}) through the gateway's own inspection. */
package io.kexin.gateway.policytest;
