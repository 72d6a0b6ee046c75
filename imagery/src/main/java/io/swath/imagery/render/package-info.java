/**
 * Pictures and batch snippets: {@link io.swath.imagery.render.Visualization} (band composite,
 * min/max stretch, gamma, outline, 8-bit RGB GeoTIFF and PNG) and
 * {@link io.swath.imagery.render.Snippets}, which clips the COG bands of many scenes to one region
 * concurrently.
 */
package io.swath.imagery.render;
