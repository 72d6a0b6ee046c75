/**
 * The web console served by {@code swath server} under {@code /console} on its HTTP port: the page,
 * its scripts, the map library (from its webjar on the classpath) and the JSON endpoints the page
 * reads besides the STAC API. {@link io.swath.server.console.ConsoleRoute} lists every route.
 */
package io.swath.server.console;
