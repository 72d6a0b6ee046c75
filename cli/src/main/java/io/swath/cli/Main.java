package io.swath.cli;

import io.swath.core.error.FailedPreconditionException;
import io.swath.core.error.InvalidArgumentException;
import io.swath.core.error.NotFoundException;
import io.swath.core.error.SwathException;
import io.swath.core.error.UnavailableException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code swath} command. */
@Command(name = "swath", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Swath: a self-hostable Earth-observation data platform.", "",
        "Start a server with `swath server`, or try everything at once with `swath demo`."},
    subcommands = {ServerCommand.class, CatalogCommands.Datasets.class, CatalogCommands.Collections.class, CatalogCommands.Info.class,
        QueryCommand.class, QueryCommand.Find.class, IngestCommand.class, CatalogCommands.Delete.class, JobsCommand.class,
        RunnerCommand.class, KeysCommand.class, DemoCommand.class,
        DownloadCommand.class, SnippetsCommand.class, BenchCommand.class, CommandLine.HelpCommand.class},
    footerHeading = "%nExit codes:%n",
    footer = {"  0  success", "  1  failure (the message says why)", "  2  invalid command line or argument",
        "  3  not found (dataset, collection, datapoint, job)", "  4  server unavailable",
        "  5  incomplete: some downloads or snippets failed (the summary lists them; run again to resume),",
        "     or `jobs wait` timed out with the job still running", "",
        "The server address comes from --url, else SWATH_URL, else localhost:7777."})
public final class Main {
  /** Exit code: success. */
  static final int OK = 0;
  /** Exit code: failure. */
  static final int FAILED = 1;
  /** Exit code: usage or invalid argument. */
  static final int USAGE = 2;
  /** Exit code: not found. */
  static final int NOT_FOUND = 3;
  /** Exit code: server unavailable. */
  static final int UNAVAILABLE = 4;
  /** Exit code: some files of a batch (downloads, snippets) failed. */
  static final int INCOMPLETE = 5;

  // gRPC logs failed name resolution and connections as multi-line warnings through
  // java.util.logging before the call fails; the command prints one line for the failure itself.
  // A strong reference keeps the level: java.util.logging holds loggers weakly.
  private static final java.util.logging.Logger GRPC_LOG = java.util.logging.Logger.getLogger("io.grpc");

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code. */
  public static int run(String... args) {
    if (System.getenv("SWATH_DEBUG") == null) {
      GRPC_LOG.setLevel(java.util.logging.Level.SEVERE);
    }
    CommandLine cl = new CommandLine(new Main());
    // the descriptions are laid out for 110 columns (tables of benchmarks, formats, examples)
    cl.setUsageHelpWidth(110);
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      Throwable t = ex;
      while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
        t = t.getCause();
      }
      cmd.getErr().println("swath: " + message(t));
      if (System.getenv("SWATH_DEBUG") != null) {
        t.printStackTrace(cmd.getErr());
      }
      return exitCode(t);
    });
    return cl.execute(args);
  }

  static String message(Throwable t) {
    if (t instanceof java.io.UncheckedIOException u && u.getCause() != null) {
      t = u.getCause();
    }
    if (t instanceof java.nio.file.FileSystemException f && f.getFile() != null) {
      String why = switch (f) {
        case java.nio.file.NoSuchFileException n -> "no such file or directory";
        case java.nio.file.AccessDeniedException a -> "permission denied";
        case java.nio.file.FileAlreadyExistsException a -> "it already exists";
        case java.nio.file.NotDirectoryException d -> "not a directory";
        case java.nio.file.DirectoryNotEmptyException d -> "directory not empty";
        default -> f.getReason() != null ? f.getReason() : f.getClass().getSimpleName();
      };
      return f.getFile() + ": " + why + (f.getOtherFile() != null ? " (" + f.getOtherFile() + ")" : "");
    }
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }

  static int exitCode(Throwable t) {
    if (t instanceof NotFoundException) {
      return NOT_FOUND;
    }
    if (t instanceof UnavailableException) {
      return UNAVAILABLE;
    }
    if (t instanceof InvalidArgumentException || t instanceof IllegalArgumentException || t instanceof FailedPreconditionException
        || t instanceof CommandLine.ParameterException) {
      return USAGE;
    }
    if (t instanceof SwathException) {
      return FAILED;
    }
    return FAILED;
  }
}
