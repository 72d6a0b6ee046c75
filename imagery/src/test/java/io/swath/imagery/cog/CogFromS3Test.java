package io.swath.imagery.cog;

import static org.assertj.core.api.Assertions.assertThat;

import io.swath.imagery.Gdal;
import io.swath.imagery.S2Fixtures;
import io.swath.imagery.S3TestServer;
import io.swath.imagery.asset.AssetAccess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same snippet from S3 (s3proxy) as from a file. */
class CogFromS3Test {
  @TempDir
  Path dir;

  @Test
  void snippetsFromS3EqualSnippetsFromFiles() throws Exception {
    Gdal.require();
    Path raw = Gdal.enviUint16(dir, "b", 1024, 1024, 1, 9);
    Path tif = Gdal.translate(raw, dir.resolve("B04.tif"), 32633, S2Fixtures.ULX, S2Fixtures.ULY, 10, 1024, 1024, "COG",
        "-co", "COMPRESS=DEFLATE", "-co", "BLOCKSIZE=256");
    try (S3TestServer s3 = new S3TestServer(); AssetAccess access = AssetAccess.builder().s3(s3.settings()).build()) {
      s3.createBucket("cogs");
      URI uri = s3.put("cogs", "t/B04.tif", Files.readAllBytes(tif));
      Raster fromS3 = CogReader.open(access, uri).read(S2Fixtures.REGION.toGeometry(), 0);
      Raster fromFile = CogReader.open(access, tif.toUri()).read(S2Fixtures.REGION.toGeometry(), 0);
      assertThat(fromS3.width()).isEqualTo(fromFile.width()).isPositive();
      assertThat(fromS3.band(0)).isEqualTo(fromFile.band(0));
      assertThat(fromS3.transform()).isEqualTo(fromFile.transform());
    }
  }
}
