/** The server's Prometheus metrics: gRPC call counts and latencies, query and ingest volumes, the JVM. */
package io.swath.server.metrics;
