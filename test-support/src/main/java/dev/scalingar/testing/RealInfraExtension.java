package dev.scalingar.testing;

import dev.scalingar.infra.EmbeddedKafka;
import dev.scalingar.infra.EmbeddedS3;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The extension behind {@link RealInfra}. */
public final class RealInfraExtension implements ParameterResolver {

  private static final Logger LOG = LoggerFactory.getLogger(RealInfraExtension.class);
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(RealInfraExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == TestKafka.class || type == TestS3.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Servers servers = servers(context);
    String testId = TestNames.uniqueId(context);
    Class<?> type = parameter.getParameter().getType();
    if (type == TestKafka.class) {
      return new TestKafka(servers.kafka(), testId);
    }
    if (type == TestS3.class) {
      return TestS3.forTest(servers.s3(), testId);
    }
    throw new ParameterResolutionException("unsupported parameter " + type);
  }

  /** The JVM-wide servers, started on first use; the root store closes them after the last test. */
  public static Servers servers(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NS)
        .getOrComputeIfAbsent(Servers.class, k -> Servers.start(), Servers.class);
  }

  /** One broker and one S3 server; closed by JUnit when the root context closes. */
  public record Servers(EmbeddedKafka kafka, EmbeddedS3 s3, long startMillis)
      implements ExtensionContext.Store.CloseableResource, AutoCloseable {

    static Servers start() {
      long t0 = System.nanoTime();
      CompletableFuture<EmbeddedKafka> kafka =
          CompletableFuture.supplyAsync(() -> EmbeddedKafka.start(0));
      CompletableFuture<EmbeddedS3> s3 =
          CompletableFuture.supplyAsync(() -> EmbeddedS3.inMemory(0));
      Servers servers = new Servers(kafka.join(), s3.join(), (System.nanoTime() - t0) / 1_000_000);
      // The foundation issue asks for this figure (goal: under 15 s together).
      String line =
          String.format(
              "real infra started in %.1f s: kafka %s, s3 %s",
              servers.startMillis / 1000.0,
              servers.kafka.bootstrapServers(),
              servers.s3.endpoint());
      LOG.info(line);
      System.out.println("[scalingar-test-support] " + line);
      return servers;
    }

    @Override
    public void close() {
      try (EmbeddedKafka k = kafka;
          EmbeddedS3 s = s3) {
        // closes both, the S3 server first
      }
    }
  }
}
