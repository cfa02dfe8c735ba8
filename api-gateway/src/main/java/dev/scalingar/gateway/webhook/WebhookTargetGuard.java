package dev.scalingar.gateway.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Refuses webhook targets inside private networks: a webhook URL is chosen by the client, so
 * without this a tenant could make the gateway POST to the gateway's own neighbours (SSRF).
 * Refused: loopback, "this host" (0.0.0.0/8, ::), RFC 1918 private, carrier-grade NAT
 * (100.64.0.0/10), link-local (169.254.0.0/16 incl. cloud metadata, fe80::/10), unique-local
 * (fc00::/7) and multicast addresses, unless listed in {@code
 * gateway.webhooks.allow-private-targets}.
 *
 * <p>Checked twice: at submission for literal addresses and {@code localhost} (no DNS on the
 * request path), and before each delivery after resolving the name, every address it resolves to.
 * The HTTP client resolves again when it connects, so a name that changes in between (DNS
 * rebinding) is not fully excluded; redirects are never followed.
 */
public final class WebhookTargetGuard {

  /** An address block: {@code 10.0.0.0/8}, or one address. */
  private record Block(byte[] network, int prefixBits) {
    static Block parse(String s) {
      String[] parts = s.strip().split("/", 2);
      InetAddress a =
          literal(parts[0])
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "gateway.webhooks.allow-private-targets: '"
                              + s
                              + "' is not an IP address or CIDR block"));
      int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : a.getAddress().length * 8;
      return new Block(a.getAddress(), bits);
    }

    boolean contains(InetAddress a) {
      byte[] b = a.getAddress();
      if (b.length != network.length) {
        return false;
      }
      for (int i = 0; i < prefixBits; i++) {
        int mask = 0x80 >> (i % 8);
        if ((b[i / 8] & mask) != (network[i / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }

  private final List<Block> allowed;

  public WebhookTargetGuard(List<String> allowPrivateTargets) {
    this.allowed =
        allowPrivateTargets.stream().filter(s -> !s.isBlank()).map(Block::parse).toList();
  }

  /** The reason to refuse {@code url} without DNS; empty when it may be fine. */
  public Optional<String> checkWithoutDns(URI url) {
    Optional<String> syntax = checkSyntax(url);
    if (syntax.isPresent()) {
      return syntax;
    }
    String host = host(url);
    if (host.equals("localhost") || host.endsWith(".localhost")) {
      return refuseUnlessAllowed(List.of(InetAddress.getLoopbackAddress()), host);
    }
    return literal(host).flatMap(a -> refuseUnlessAllowed(List.of(a), host));
  }

  /**
   * The reason to refuse {@code url} after resolving its host (blocking DNS: call off the event
   * loop).
   */
  public Optional<String> checkResolved(URI url) {
    Optional<String> syntax = checkSyntax(url);
    if (syntax.isPresent()) {
      return syntax;
    }
    try {
      return refuseUnlessAllowed(List.of(InetAddress.getAllByName(host(url))), host(url));
    } catch (UnknownHostException e) {
      return Optional.of("host " + host(url) + " does not resolve");
    }
  }

  private static Optional<String> checkSyntax(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Optional.of("only http and https webhook URLs are allowed");
    }
    if (url.getHost() == null || url.getHost().isEmpty()) {
      return Optional.of("the webhook URL has no host");
    }
    if (url.getUserInfo() != null) {
      return Optional.of("the webhook URL must not carry credentials");
    }
    return Optional.empty();
  }

  private Optional<String> refuseUnlessAllowed(List<InetAddress> addresses, String host) {
    for (InetAddress a : addresses) {
      if (isPrivate(a) && allowed.stream().noneMatch(b -> b.contains(a))) {
        return Optional.of(
            host
                + " is a private, loopback or link-local address ("
                + a.getHostAddress()
                + "); webhooks go to public addresses only");
      }
    }
    return Optional.empty();
  }

  static boolean isPrivate(InetAddress a) {
    if (a.isLoopbackAddress()
        || a.isAnyLocalAddress()
        || a.isLinkLocalAddress()
        || a.isSiteLocalAddress()
        || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first == 0 || (first == 100 && second >= 64 && second < 128) || first >= 240;
    }
    if (a instanceof Inet6Address) {
      return (b[0] & 0xfe) == 0xfc; // unique-local fc00::/7
    }
    return false;
  }

  private static String host(URI url) {
    String h = url.getHost().toLowerCase(Locale.ROOT);
    return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
  }

  /** Parses an IP literal without ever touching DNS. */
  private static Optional<InetAddress> literal(String s) {
    boolean ipv4 = s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean ipv6 = s.contains(":") && s.matches("[0-9a-fA-F:.]+");
    if (!ipv4 && !ipv6) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(s)); // a literal: no lookup happens
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }
}
