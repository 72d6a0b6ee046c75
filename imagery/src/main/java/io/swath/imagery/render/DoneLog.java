package io.swath.imagery.render;

import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The record, in an output folder, of the scenes whose snippets are complete: a first line with
 * the options they were made with, then one line per scene, each synced before the next scene is
 * reported. A run with other options starts a new record, so files made with the old options are
 * never taken for finished ones.
 */
final class DoneLog implements AutoCloseable {
  private final Set<String> done;
  private final FileChannel channel;
  private final Writer out;

  private DoneLog(Set<String> done, FileChannel channel) {
    this.done = done;
    this.channel = channel;
    this.out = channel == null ? null : Channels.newWriter(channel, StandardCharsets.UTF_8);
  }

  /**
   * Opens the record; the scenes it names count as done when it was made with the same options.
   * Not {@code enabled}: no record is read or kept.
   */
  static DoneLog open(Path file, String options, boolean enabled) throws IOException {
    Set<String> done = new HashSet<>();
    if (!enabled) {
      return new DoneLog(done, null);
    }
    if (Files.isRegularFile(file)) {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      if (!lines.isEmpty() && lines.get(0).equals(options)) {
        done.addAll(lines.subList(1, lines.size()));
        return new DoneLog(done, FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
      }
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".part");
    Files.writeString(tmp, options + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return new DoneLog(done, FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
  }

  private static String line(String item) {
    return item.replace('\n', ' ').replace('\r', ' ');
  }

  /** Whether the scene was finished with the same options. */
  synchronized boolean contains(String item) {
    return done.contains(line(item));
  }

  /** Records a finished scene, durably. */
  synchronized void add(String item) throws IOException {
    if (out == null) {
      return;
    }
    out.write(line(item) + "\n");
    out.flush();
    channel.force(false);
    done.add(line(item));
  }

  @Override
  public synchronized void close() throws IOException {
    if (out != null) {
      out.close();
    }
  }
}
