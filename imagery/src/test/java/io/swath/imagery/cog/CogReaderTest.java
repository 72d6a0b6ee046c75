package io.swath.imagery.cog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swath.core.geo.BoundingBox;
import io.swath.imagery.Gdal;
import io.swath.imagery.asset.AssetAccess;
import io.swath.testing.HttpFileServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.locationtech.jts.geom.Geometry;

/**
 * COG snippets against GDAL: fixtures made with gdal_translate, windows read over HTTP ranges,
 * written with {@link GeoTiffWriter}, and compared pixel for pixel with {@code gdal_translate -projwin}.
 */
class CogReaderTest {
  @TempDir
  static Path dir;
  static HttpFileServer http;
  static AssetAccess access;
  static Path raw1;
  static Path raw3;
  static final ObjectMapper JSON = new ObjectMapper();
  // UTM 33N, a Sentinel-2-like tile near 15.0E 45.0N: 10 m pixels
  static final double ULX = 499980;
  static final double ULY = 5000040;
  // the 1024-pixel three-band fixtures start further south, so they cover the region too
  static final double ULY3 = 4990040;

  @BeforeAll
  static void fixtures() throws Exception {
    Gdal.require();
    raw1 = Gdal.enviUint16(dir, "raw1", 2048, 2048, 1, 1);
    raw3 = Gdal.enviUint16(dir, "raw3", 1024, 1024, 3, 3);
    http = HttpFileServer.start(dir);
    access = AssetAccess.create();
  }

  @AfterAll
  static void stop() {
    access.close();
    http.close();
  }

  /** A region of about 1.6 km x 1.1 km inside the tile, as a WGS84 box. */
  static Geometry region() {
    return BoundingBox.of(15.0061, 44.9851, 15.0262, 44.9951).toGeometry();
  }

  record Variant(String name, boolean threeBands, String driver, List<String> options) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Variant> variants() {
    return List.of(
        new Variant("cog-deflate-predictor2", false, "COG", List.of("-co", "COMPRESS=DEFLATE", "-co", "PREDICTOR=2", "-co", "BLOCKSIZE=256")),
        new Variant("cog-lzw", false, "COG", List.of("-co", "COMPRESS=LZW", "-co", "PREDICTOR=2", "-co", "BLOCKSIZE=512")),
        new Variant("cog-uncompressed-bigtiff", false, "COG", List.of("-co", "COMPRESS=NONE", "-co", "BIGTIFF=YES")),
        new Variant("gtiff-packbits-tiled", false, "GTiff", List.of("-co", "COMPRESS=PACKBITS", "-co", "TILED=YES")),
        new Variant("gtiff-deflate-strips", false, "GTiff", List.of("-co", "COMPRESS=DEFLATE", "-co", "BLOCKYSIZE=16")),
        new Variant("cog-float32-predictor3", false, "COG", List.of("-ot", "Float32", "-co", "COMPRESS=DEFLATE", "-co", "PREDICTOR=3")),
        new Variant("cog-int16-lzw-bigendian", false, "GTiff", List.of("-ot", "Int16", "-co", "COMPRESS=LZW", "-co", "TILED=YES",
            "-co", "ENDIANNESS=BIG", "-co", "PREDICTOR=2")),
        new Variant("gtiff-3band-separate-lzw", true, "GTiff", List.of("-co", "COMPRESS=LZW", "-co", "TILED=YES", "-co", "INTERLEAVE=BAND")),
        new Variant("cog-3band-pixel-deflate", true, "COG", List.of("-co", "COMPRESS=DEFLATE", "-co", "INTERLEAVE=PIXEL")));
  }

  @ParameterizedTest
  @MethodSource("variants")
  void snippetEqualsGdalProjwin(Variant v) throws Exception {
    int size = v.threeBands ? 1024 : 2048;
    Path src = Gdal.translate(v.threeBands ? raw3 : raw1, dir.resolve(v.name + ".tif"), 32633, ULX, v.threeBands ? ULY3 : ULY, 10, size, size, v.driver,
        v.options.toArray(new String[0]));
    CogReader cog = CogReader.open(access, http.uri(v.name + ".tif"));
    assertThat(cog.epsg()).isEqualTo(32633);
    assertThat(cog.bandCount()).isEqualTo(v.threeBands ? 3 : 1);
    Raster r = cog.read(region(), 0);
    assertThat(r.width()).isBetween(100, 220);
    Path snippet = dir.resolve(v.name + "-snippet.tif");
    GeoTiffWriter.write(r, snippet);
    assertSameAsProjwin(src, snippet, r);
  }

  /** gdalinfo reads the snippet with the right georeferencing, and its pixels are GDAL's -projwin of the source. */
  static void assertSameAsProjwin(Path src, Path snippet, Raster r, String... openOptions) throws Exception {
    JsonNode info = JSON.readTree(Gdal.run("gdalinfo", "-json", snippet.toString()));
    assertThat(info.at("/size/0").asInt()).isEqualTo(r.width());
    assertThat(info.at("/size/1").asInt()).isEqualTo(r.height());
    double[] gt = r.transform().toArray();
    for (int i = 0; i < 6; i++) {
      assertThat(info.at("/geoTransform/" + i).asDouble()).as("geotransform[%d]", i).isCloseTo(gt[i], org.assertj.core.data.Offset.offset(1e-6));
    }
    assertThat(info.at("/coordinateSystem/wkt").asText()).contains("ID[\"EPSG\"," + r.epsg() + "]");
    assertThat(info.at("/metadata/IMAGE_STRUCTURE/COMPRESSION").asText()).isEqualTo("DEFLATE");
    assertThat(info.at("/bands/0/block/0").asInt()).isEqualTo(256);
    String[] projwin = {"-projwin", fmt(gt[0]), fmt(gt[3]), fmt(gt[0] + r.width() * gt[1]), fmt(gt[3] + r.height() * gt[5])};
    String[] args = new String[openOptions.length + projwin.length];
    System.arraycopy(openOptions, 0, args, 0, openOptions.length);
    System.arraycopy(projwin, 0, args, openOptions.length, projwin.length);
    byte[] expected = Gdal.pixels(src, dir, args);
    byte[] actual = Gdal.pixels(snippet, dir);
    assertThat(actual.length).isEqualTo(expected.length);
    assertThat(java.util.Arrays.mismatch(actual, expected)).as("first differing byte").isEqualTo(-1);
  }

  static String fmt(double d) {
    return String.format(Locale.ROOT, "%.6f", d);
  }

  @Test
  void picksTheOverviewThatMatchesTheResolution() throws Exception {
    Path src = Gdal.translate(raw1, dir.resolve("ovr.tif"), 32633, ULX, ULY, 10, 2048, 2048, "COG", "-co", "COMPRESS=DEFLATE",
        "-co", "BLOCKSIZE=256");
    CogReader cog = CogReader.open(access, http.uri("ovr.tif"));
    assertThat(cog.levelCount()).isGreaterThanOrEqualTo(4); // 2048, 1024, 512, 256
    assertThat(cog.levelFor(10)).isEqualTo(0);
    assertThat(cog.levelFor(25)).isEqualTo(1);
    assertThat(cog.levelFor(40)).isEqualTo(2);
    Raster r = cog.read(region(), 40);
    assertThat(Math.abs(r.transform().pixelWidth())).isEqualTo(40.0);
    Path snippet = dir.resolve("ovr-snippet.tif");
    GeoTiffWriter.write(r, snippet);
    assertSameAsProjwin(src, snippet, r, "-oo", "OVERVIEW_LEVEL=1");
  }

  @Test
  void readsOnlyTheTilesItNeedsInMergedRequests() throws Exception {
    Gdal.translate(raw1, dir.resolve("bytes.tif"), 32633, ULX, ULY, 10, 2048, 2048, "COG", "-co", "COMPRESS=DEFLATE",
        "-co", "BLOCKSIZE=256");
    http.resetCounters();
    CogReader cog = CogReader.open(access, http.uri("bytes.tif"));
    PixelWindow w = cog.window(region(), 0);
    Raster r = cog.read(0, w);
    long tiles = cog.tileBytes(0, w);
    int tileRows = (w.row() + w.height() - 1) / 256 - w.row() / 256 + 1;
    assertThat(http.bodyBytes()).isEqualTo(cog.bytesFetched());
    assertThat(cog.bytesFetched()).isLessThanOrEqualTo(tiles + 16384 + 1024L * tileRows * 4);
    assertThat(cog.bytesFetched()).isLessThan(Files.size(dir.resolve("bytes.tif")) / 5);
    assertThat(cog.requests()).as("header + one merged request per tile row").isEqualTo(1 + tileRows);
    assertThat(r.width()).isEqualTo(w.width());
  }

  @Test
  void readsGeographicAndJpegImages() throws Exception {
    // a WGS84 image around the region, 0.0001 degree pixels
    Path geo = Gdal.translate(raw1, dir.resolve("geo.tif"), 4326, 14.99, 45.0, 0.0001, 2048, 2048, "COG", "-co", "COMPRESS=DEFLATE");
    CogReader cog = CogReader.open(access, http.uri("geo.tif"));
    assertThat(cog.epsg()).isEqualTo(4326);
    Raster r = cog.read(region(), 0);
    Path snippet = dir.resolve("geo-snippet.tif");
    GeoTiffWriter.write(r, snippet);
    assertSameAsProjwin(geo, snippet, r);

    Path jpeg = Gdal.translate(raw3, dir.resolve("jpeg.tif"), 32633, ULX, ULY3, 10, 1024, 1024, "COG", "-ot", "Byte", "-scale", "0",
        "9000", "0", "255", "-co", "COMPRESS=JPEG", "-co", "QUALITY=90");
    CogReader jc = CogReader.open(access, http.uri("jpeg.tif"));
    Raster jr = jc.read(region(), 0);
    Path js = dir.resolve("jpeg-snippet.tif");
    GeoTiffWriter.write(jr, js);
    double[] gt = jr.transform().toArray();
    byte[] expected = Gdal.pixels(jpeg, dir, "-projwin", fmt(gt[0]), fmt(gt[3]), fmt(gt[0] + jr.width() * gt[1]),
        fmt(gt[3] + jr.height() * gt[5]));
    byte[] actual = Gdal.pixels(js, dir);
    assertThat(actual.length).isEqualTo(expected.length);
    double sum = 0;
    for (int i = 0; i < actual.length; i++) {
      sum += Math.abs((actual[i] & 0xff) - (expected[i] & 0xff));
    }
    assertThat(sum / actual.length).as("mean difference from libjpeg").isLessThan(2.0);
  }
}
