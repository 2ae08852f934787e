/** Matches requests to routes and resolves the upstream each route forwards to. */
package io.kexin.gateway.route;
