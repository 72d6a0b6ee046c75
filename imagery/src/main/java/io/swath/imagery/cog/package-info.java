/**
 * Cloud-Optimized GeoTIFFs: {@link io.swath.imagery.cog.CogReader} reads windows over byte
 * ranges (header and tile index first, only the overlapping tiles, merged and in parallel, the
 * overview that matches a resolution), {@link io.swath.imagery.cog.Raster} holds the pixels with
 * their georeferencing, and {@link io.swath.imagery.cog.GeoTiffWriter} writes tiled, Deflate
 * GeoTIFFs. {@link io.swath.imagery.cog.Projections} maps WGS84 regions to image CRSs (proj4j).
 */
package io.swath.imagery.cog;
