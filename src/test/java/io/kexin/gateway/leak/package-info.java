/** Makes a Netty buffer leak fail the test run: a recording leak detector and the check after each test class. */
package io.kexin.gateway.leak;
