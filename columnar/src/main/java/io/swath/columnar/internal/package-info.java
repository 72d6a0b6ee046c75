/** Implementation of the columnar writers (java.nio files, codecs, WKB scanning); not API, may change. */
package io.swath.columnar.internal;
