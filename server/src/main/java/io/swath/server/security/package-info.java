/**
 * Who may call what: API keys stored hashed, their scopes, the table of access rules for every
 * gRPC method and HTTP route, and the gRPC interceptor and HTTP filter that enforce them.
 */
package io.swath.server.security;
