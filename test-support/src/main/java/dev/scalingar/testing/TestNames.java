package dev.scalingar.testing;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Short, unique, DNS-and-topic-safe names per test (for topics and buckets). */
final class TestNames {
  private static final AtomicInteger COUNTER = new AtomicInteger();

  static String uniqueId(ExtensionContext context) {
    String method = context.getTestMethod().map(m -> m.getName()).orElse("class");
    String slug = method.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    slug = slug.length() > 30 ? slug.substring(0, 30) : slug;
    slug = slug.replaceAll("^-+|-+$", "");
    return (slug.isEmpty() ? "t" : slug) + "-" + COUNTER.incrementAndGet();
  }

  private TestNames() {}
}
