/** Finds requests for, and answers with, harmful help by reading a request intent near a harmful object or act. */
package io.kexin.gateway.detect.harm;
