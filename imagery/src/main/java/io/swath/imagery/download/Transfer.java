package io.swath.imagery.download;

import io.swath.core.error.SwathException;
import io.swath.core.error.UnavailableException;
import io.swath.core.retry.Retrier;
import io.swath.core.retry.RetryPolicy;
import io.swath.imagery.asset.AssetAccess;
import io.swath.imagery.asset.AssetBody;
import io.swath.imagery.asset.AssetException;
import io.swath.imagery.asset.AssetInfo;
import io.swath.imagery.asset.Checksum;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** One file's download: skip check, attempts with resume, verification, atomic rename. */
final class Transfer {
  private final AssetAccess access;
  private final DownloadRequest request;
  private final DownloadListener listener;
  private final Retrier retrier;
  private final int bufferSize;
  private final Path target;
  private final Path part;
  private volatile long lastProgress = System.nanoTime();
  private volatile InputStream current;
  private volatile boolean stalled;

  Transfer(AssetAccess access, DownloadRequest request, DownloadListener listener, RetryPolicy retry, int bufferSize) {
    this.access = access;
    this.request = request;
    this.listener = listener;
    this.retrier = Retrier.of(retry, Transfer::classify);
    this.bufferSize = bufferSize;
    this.target = request.target().toAbsolutePath();
    this.part = partOf(target);
  }

  /** Where the bytes of {@code target} collect until it verifies. */
  static Path partOf(Path target) {
    return target.resolveSibling(target.getFileName() + ".part");
  }

  void abortIfStalled(long now, long timeoutNanos) {
    InputStream in = current;
    if (in != null && now - lastProgress > timeoutNanos) {
      stalled = true;
      try {
        in.close(); // unblocks the read; the attempt fails and resumes
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  DownloadResult run() {
    long start = System.nanoTime();
    int attempts = 0;
    long transferred = 0;
    try {
      if (Files.isRegularFile(target) && existingVerifies()) {
        return finish(DownloadResult.Status.ALREADY_PRESENT, Files.size(target), 0, 0, start, null);
      }
      Files.createDirectories(target.getParent());
      Checksum checksum = request.checksum();
      MessageDigest digest = null;
      long have = Files.isRegularFile(part) ? Files.size(part) : 0;
      boolean hashed = false;
      String etag = null;
      long total = request.expectedSize();
      boolean started = false;
      int failuresInRow = 0;
      while (true) {
        checkCancelled();
        attempts++;
        long progressThisAttempt = 0;
        try {
          if (total >= 0 && have > total) {
            have = 0;
          }
          try (AssetBody body = access.open(request.source(), have, etag);
               FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            if (body.offset() != have) { // the range was not honoured, or the file changed: start over
              long discarded = have;
              have = body.offset();
              hashed = false;
              if (started && discarded > 0) {
                listener.retrying(request, attempts, "the store sent the file from byte " + have + ", not " + discarded,
                    Duration.ZERO, discarded - have);
              }
            }
            out.truncate(have);
            out.position(have);
            if (body.totalSize() >= 0) {
              if (request.expectedSize() >= 0 && body.totalSize() != request.expectedSize()) {
                throw new VerificationException("the store has " + body.totalSize() + " bytes, the asset's metadata says "
                    + request.expectedSize(), false);
              }
              total = body.totalSize();
            }
            if (etag != null && body.etag() != null && !etag.equals(body.etag()) && have > 0) {
              throw new VerificationException("the file changed on the store during the download", true);
            }
            etag = body.etag();
            if (checksum == null && "s3".equalsIgnoreCase(request.source().getScheme())) {
              checksum = s3Md5(etag);
            }
            if (!hashed) {
              digest = checksum == null ? null : checksum.newDigest();
              if (digest != null && have > 0) {
                hashPrefix(digest, have);
              }
              hashed = true;
            }
            if (!started) {
              listener.started(request, total, have);
              started = true;
            }
            long got;
            try {
              got = copy(body.stream(), out, digest);
            } catch (PartialException p) {
              have += p.received;
              progressThisAttempt += p.received;
              transferred += p.received;
              throw p;
            }
            have += got;
            progressThisAttempt += got;
            transferred += got;
            if (total >= 0 && have < total) {
              throw new IOException("the connection closed after " + have + " of " + total + " bytes");
            }
            if (total >= 0 && have > total) {
              throw new VerificationException("received " + have + " bytes, more than the " + total + " announced", true);
            }
            out.force(false);
          }
          if (digest != null) {
            byte[] actual = digest.digest();
            if (!checksum.matches(actual)) {
              Files.deleteIfExists(part);
              long discarded = have;
              have = 0;
              hashed = false;
              throw new VerificationException("checksum mismatch: expected " + checksum + ", got "
                  + Checksum.of(checksum.algorithm(), actual).hex(), true, discarded);
            }
          }
          move();
          return finish(DownloadResult.Status.DOWNLOADED, have, transferred, attempts, start, null);
        } catch (IOException e) {
          if (cancelled(e)) {
            throw new CancelledException();
          }
          boolean retryable = retrier.classify(e).map(SwathException::isRetryable).orElse(false);
          // a failure after new bytes arrived starts the count again; a file that arrives whole but does not verify does not
          failuresInRow = progressThisAttempt > 0 && !(e instanceof VerificationException) ? 1 : failuresInRow + 1;
          String reason = reason(e);
          Optional<Duration> wait = retrier.nextDelay(failuresInRow, e);
          if (wait.isEmpty()) {
            return fail(reason + (retryable ? " (gave up after " + attempts + " attempts)" : ""), attempts, transferred, start);
          }
          Duration delay = wait.get();
          long discarded = e instanceof VerificationException v ? v.discarded : 0;
          listener.retrying(request, attempts, reason, delay, discarded);
          sleep(delay);
        }
      }
    } catch (CancelledException | InterruptedIOException | ClosedByInterruptException e) {
      Thread.currentThread().interrupt();
      return finish(DownloadResult.Status.CANCELLED, 0, transferred, attempts, start, "cancelled");
    } catch (IOException | RuntimeException e) {
      return fail(reason(e), attempts, transferred, start);
    }
  }

  private boolean cancelled(IOException e) {
    return Thread.currentThread().isInterrupted() || e instanceof ClosedByInterruptException
        || e instanceof InterruptedIOException && !(e instanceof java.net.SocketTimeoutException) && !stalled;
  }

  private void checkCancelled() throws CancelledException {
    if (Thread.currentThread().isInterrupted()) {
      throw new CancelledException();
    }
  }

  /** A failed attempt as the retrier judges it: a file that does not verify says itself; the rest as any asset read. */
  private static SwathException classify(Throwable e) {
    if (e instanceof VerificationException v) {
      return v.retryable ? new UnavailableException(v.getMessage(), v) : null;
    }
    return AssetException.classify(e);
  }

  private String reason(Throwable e) {
    if (stalled || e instanceof PartialException && e.getCause() instanceof java.net.SocketTimeoutException) {
      stalled = false;
      return "no data for too long (stalled)";
    }
    String m = e.getMessage();
    String kind = e.getClass().getSimpleName();
    if (e instanceof AssetException || e instanceof VerificationException) {
      return m;
    }
    return m == null || m.isBlank() ? kind : kind + ": " + m;
  }

  private long copy(InputStream in, FileChannel out, MessageDigest digest) throws IOException {
    byte[] buf = new byte[bufferSize];
    ByteBuffer bb = ByteBuffer.wrap(buf);
    long total = 0;
    current = in;
    lastProgress = System.nanoTime();
    try {
      int n;
      while ((n = in.read(buf)) > 0) {
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedIOException("cancelled");
        }
        bb.clear().limit(n);
        while (bb.hasRemaining()) {
          out.write(bb);
        }
        if (digest != null) {
          digest.update(buf, 0, n);
        }
        total += n;
        lastProgress = System.nanoTime();
        listener.progressed(request, n);
      }
      return total;
    } catch (IOException e) {
      if (total > 0) {
        // keep what arrived: the digest and the file agree up to here, the next attempt resumes
        throw new PartialException(e, total);
      }
      throw e;
    } finally {
      current = null;
    }
  }

  private void hashPrefix(MessageDigest digest, long length) throws IOException {
    try (FileChannel in = FileChannel.open(part, StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.allocate(1 << 20);
      long pos = 0;
      while (pos < length) {
        b.clear().limit((int) Math.min(b.capacity(), length - pos));
        int n = in.read(b, pos);
        if (n < 0) {
          throw new IOException("the partial file shrank while resuming");
        }
        b.flip();
        digest.update(b);
        pos += n;
      }
    }
  }

  private boolean existingVerifies() throws IOException {
    long size = Files.size(target);
    if (request.expectedSize() >= 0 && size != request.expectedSize()) {
      return false;
    }
    if (request.checksum() != null) {
      return request.checksum().matches(hashFile(target, request.checksum().newDigest()));
    }
    if (request.expectedSize() >= 0) {
      return true;
    }
    AssetInfo info;
    try {
      info = access.stat(request.source());
    } catch (IOException e) {
      return false; // cannot tell: download again
    }
    if (info.size() != size) {
      return false;
    }
    Checksum md5 = "s3".equalsIgnoreCase(request.source().getScheme()) ? s3Md5(info.etag()) : null;
    return md5 == null || md5.matches(hashFile(target, md5.newDigest()));
  }

  private static Checksum s3Md5(String etag) {
    if (etag == null) {
      return null;
    }
    String e = etag.replace("\"", "");
    return e.matches("[0-9a-fA-F]{32}") ? Checksum.md5Hex(e.toLowerCase(Locale.ROOT)) : null;
  }

  private static byte[] hashFile(Path file, MessageDigest digest) throws IOException {
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.allocateDirect(1 << 20);
      while (in.read(b) > 0) {
        b.flip();
        digest.update(b);
        b.clear();
      }
    }
    return digest.digest();
  }

  private void move() throws IOException {
    try {
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void sleep(Duration d) throws CancelledException {
    try {
      Thread.sleep(d.toMillis(), (int) (d.toNanosPart() % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancelledException();
    }
  }

  private DownloadResult fail(String reason, int attempts, long transferred, long start) {
    return finish(DownloadResult.Status.FAILED, 0, transferred, attempts, start, reason);
  }

  private DownloadResult finish(DownloadResult.Status status, long size, long transferred, int attempts, long start, String failure) {
    DownloadResult r = new DownloadResult(request, status, size, transferred, attempts, Duration.ofNanos(System.nanoTime() - start), failure);
    listener.finished(r);
    return r;
  }

  /** The file did not verify. */
  static final class VerificationException extends IOException {
    private static final long serialVersionUID = 1L;
    final boolean retryable;
    final long discarded;

    VerificationException(String message, boolean retryable) {
      this(message, retryable, 0);
    }

    VerificationException(String message, boolean retryable, long discarded) {
      super(message);
      this.retryable = retryable;
      this.discarded = discarded;
    }
  }

  /** A transfer broke after some bytes arrived (they are kept). */
  static final class PartialException extends IOException {
    private static final long serialVersionUID = 1L;
    final long received;

    PartialException(IOException cause, long received) {
      super(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getClass().getSimpleName() + ": " + cause.getMessage(),
          cause);
      this.received = received;
    }
  }

  /** Cancellation, carried out of the attempt loop. */
  static final class CancelledException extends IOException {
    private static final long serialVersionUID = 1L;
  }
}
