package dev.scalingar.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Everything we start binds loopback only: nothing of ours listens on another interface. */
public final class Loopback {
  public static final String HOST = "127.0.0.1";

  private Loopback() {}

  /** A port that was free a moment ago (for servers that cannot bind port 0 themselves). */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }
}
