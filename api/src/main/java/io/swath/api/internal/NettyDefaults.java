package io.swath.api.internal;

/**
 * Keeps the gRPC transport (grpc-netty-shaded) from making the JVM print warnings on JDK 24 and
 * newer, for applications that start the JVM without special flags.
 *
 * <p>On JDK 24+, Netty's use of {@code sun.misc.Unsafe} makes the JVM print "A terminally
 * deprecated method in sun.misc.Unsafe has been called" (JEP 498), and its loading of the native
 * epoll transport prints "A restricted method in java.lang.System has been called" (JEP 472).
 * Unless the JVM was started with {@code --sun-misc-unsafe-memory-access=allow}, this sets
 * Netty's {@code noUnsafe} (pooled heap buffers instead of direct ones); unless native access is
 * enabled for the class path ({@code --enable-native-access=ALL-UNNAMED}, or
 * {@code Enable-Native-Access} in the manifest of an executable jar), its {@code noNative} (the
 * NIO transport instead of epoll) and its {@code noOpenSsl} (TLS through the JDK's provider
 * instead of loading netty-tcnative, whose loading prints the same warning). A value the
 * application set for any of these properties is kept. On JDK 21 to 23 nothing changes.
 *
 * <p>Netty reads these properties once, when its first class initializes; the Swath client and
 * server call {@link #apply()} before they touch it.
 */
public final class NettyDefaults {
  /** Netty's switch for {@code sun.misc.Unsafe}, under grpc-netty-shaded's relocated prefix. */
  public static final String NO_UNSAFE = "io.grpc.netty.shaded.io.netty.noUnsafe";
  /** Netty's switch for its native transports, under grpc-netty-shaded's relocated prefix. */
  public static final String NO_NATIVE = "io.grpc.netty.shaded.io.netty.transport.noNative";
  /** Netty's switch for OpenSSL through netty-tcnative, under grpc-netty-shaded's relocated prefix. */
  public static final String NO_OPENSSL = "io.grpc.netty.shaded.io.netty.handler.ssl.noOpenSsl";

  private NettyDefaults() {}

  /** Sets the properties as described above; cheap and idempotent. */
  public static void apply() {
    if (Runtime.version().feature() < 24) {
      return;
    }
    if (System.getProperty(NO_UNSAFE) == null && !"allow".equals(System.getProperty("sun.misc.unsafe.memory.access"))) {
      System.setProperty(NO_UNSAFE, "true");
    }
    boolean nativeAccess = nativeAccessEnabled();
    if (System.getProperty(NO_NATIVE) == null && !nativeAccess) {
      System.setProperty(NO_NATIVE, "true");
    }
    if (System.getProperty(NO_OPENSSL) == null && !nativeAccess) {
      System.setProperty(NO_OPENSSL, "true");
    }
  }

  /** {@code Module.isNativeAccessEnabled()} (JDK 22+) of this class's module, the class path's unnamed module. */
  private static boolean nativeAccessEnabled() {
    try {
      Module module = NettyDefaults.class.getModule();
      return (Boolean) Module.class.getMethod("isNativeAccessEnabled").invoke(module);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }
}
