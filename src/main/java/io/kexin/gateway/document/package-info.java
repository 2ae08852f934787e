/** Reads the text of documents that bodies carry as files (PDFs), within configured bounds. */
package io.kexin.gateway.document;
