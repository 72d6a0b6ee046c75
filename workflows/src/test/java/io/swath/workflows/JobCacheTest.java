package io.swath.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swath.workflows.cache.InMemoryCache;
import io.swath.workflows.cache.JobCache;
import io.swath.workflows.cache.LocalFileSystemCache;
import io.swath.workflows.cache.S3Cache;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The same contract for every cache backend; S3 against a real S3-compatible server (s3proxy) on loopback. */
class JobCacheTest {
  @TempDir
  static Path dir;
  static S3Proxy proxy;
  static BlobStoreContext blobs;
  static S3Client s3;

  @BeforeAll
  static void startS3() throws Exception {
    blobs = ContextBuilder.newBuilder("transient").credentials("access", "secret-key").overrides(new Properties())
        .build(BlobStoreContext.class);
    proxy = S3Proxy.builder().blobStore(blobs.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "access", "secret-key").build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(10);
    }
    s3 = S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + proxy.getPort())).region(Region.US_EAST_1).forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("access", "secret-key")))
        .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED).build();
    s3.createBucket(b -> b.bucket("cache"));
  }

  @AfterAll
  static void stopS3() throws Exception {
    s3.close();
    proxy.stop();
    blobs.close();
  }

  static Stream<JobCache> caches() {
    return Stream.of(new InMemoryCache(), new LocalFileSystemCache(dir.resolve("fs")), new S3Cache(s3, "cache", "root/"));
  }

  @ParameterizedTest
  @MethodSource("caches")
  void putGetDeleteKeysAndGroups(JobCache cache) {
    JobCache job = cache.group("job-1");
    assertThat(job.find("a")).isEmpty();
    assertThat(job.contains("a")).isFalse();
    job.put("a", "one".getBytes(StandardCharsets.UTF_8));
    job.put("b", new byte[0]);
    job.put("a", "two".getBytes(StandardCharsets.UTF_8));
    assertThat(new String(job.get("a"), StandardCharsets.UTF_8)).isEqualTo("two");
    assertThat(job.get("b")).isEmpty();
    JobCache scenes = job.group("scenes").group("2020-01");
    scenes.put("LC08_1", new byte[] {1, 2, 3});
    assertThat(scenes.get("LC08_1")).containsExactly(1, 2, 3);
    // keys of a group, not of its subgroups; groups do not see each other's keys
    assertThat(job.keys()).containsExactly("a", "b");
    assertThat(scenes.keys()).containsExactly("LC08_1");
    assertThat(cache.group("job-2").keys()).isEmpty();
    assertThat(cache.group("job-2").find("a")).isEmpty();
    job.delete("a");
    job.delete("never-there");
    assertThat(job.keys()).containsExactly("b");
    assertThatThrownBy(() -> job.get("a")).isInstanceOf(NoSuchElementException.class).hasMessageContaining("no cache entry 'a'");
    for (String bad : List.of("", "a/b", ".", "..")) {
      assertThatThrownBy(() -> job.put(bad, new byte[0])).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not valid");
    }
    assertThatThrownBy(() -> job.group("x/y")).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @MethodSource("caches")
  void listAndRemoveGroups(JobCache cache) {
    JobCache root = cache.group("groups-" + cache.getClass().getSimpleName());
    assertThat(root.groups()).isEmpty();
    root.put("top", new byte[] {1});
    root.group("job-b").put("x", new byte[] {2});
    root.group("job-a").group("scenes").put("y", new byte[] {3});
    root.group("job-a").put("z", new byte[] {4});
    root.group("job-ab").put("w", new byte[] {5});
    assertThat(root.groups()).containsExactly("job-a", "job-ab", "job-b");
    assertThat(root.group("job-a").groups()).containsExactly("scenes");
    root.deleteGroup("job-a");
    root.deleteGroup("never-there");
    assertThat(root.groups()).containsExactly("job-ab", "job-b");
    assertThat(root.group("job-a").find("z")).isEmpty();
    assertThat(root.group("job-a").group("scenes").find("y")).isEmpty();
    // neither the keys of the parent nor a group whose name starts the same are touched
    assertThat(root.get("top")).containsExactly(1);
    assertThat(root.group("job-ab").get("w")).containsExactly(5);
    assertThat(root.keys()).containsExactly("top");
    assertThatThrownBy(() -> root.deleteGroup("a/b")).isInstanceOf(IllegalArgumentException.class);
  }

  @org.junit.jupiter.api.Test
  void deletionsAProcessAbandonedAreFinishedByTheNextOne(@TempDir Path root) throws Exception {
    LocalFileSystemCache cache = new LocalFileSystemCache(root);
    cache.group("keep").put("k", new byte[] {1});
    cache.group("doomed").put("d", new byte[] {2});
    // what a runner that stopped half way through deleting a group two hours ago left, and one deleting right now
    long now = System.currentTimeMillis();
    Path old = root.resolve(".tmp-deleted-" + (now - 7_200_000L) + "-" + UUID.randomUUID());
    Path recent = root.resolve(".tmp-deleted-" + now + "-" + UUID.randomUUID());
    for (Path p : List.of(old, recent)) {
      Files.createDirectories(p.resolve("sub"));
      Files.write(p.resolve("sub").resolve("x"), new byte[] {3});
    }
    Path strange = Files.createDirectories(root.resolve(".tmp-deleted-notatime-x"));
    assertThat(cache.groups()).containsExactly("doomed", "keep");
    cache.deleteGroup("doomed");
    assertThat(cache.groups()).containsExactly("keep");
    assertThat(old).doesNotExist();
    assertThat(recent).isDirectory();
    assertThat(strange).isDirectory();
    try (var files = Files.list(root)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactlyInAnyOrder("keep", recent.getFileName().toString(), strange.getFileName().toString());
    }
  }

  @org.junit.jupiter.api.Test
  void aCacheThatCannotListItsGroupsSaysSo() {
    JobCache minimal = new JobCache() {
      @Override
      public void put(String key, byte[] value) {}

      @Override
      public java.util.Optional<byte[]> find(String key) {
        return java.util.Optional.empty();
      }

      @Override
      public void delete(String key) {}

      @Override
      public List<String> keys() {
        return List.of();
      }

      @Override
      public JobCache group(String name) {
        return this;
      }
    };
    assertThatThrownBy(minimal::groups).isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("cannot list its groups");
    assertThatThrownBy(() -> minimal.deleteGroup("x")).isInstanceOf(UnsupportedOperationException.class);
  }
}
