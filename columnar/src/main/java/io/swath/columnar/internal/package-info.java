/** Implementation of the columnar reader and writer (java.nio files, codecs, pages, WKB scanning); not API, may change. */
package io.swath.columnar.internal;
